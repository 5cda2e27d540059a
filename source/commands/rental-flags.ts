/** The flags that describe a rental, shared by `vm create` and `vm stream open` (reference §1.2). */
export const rentalFlags = {
  providerId: {type: 'string', isRequired: true},
  cpu: {type: 'number', isRequired: true},
  memory: {type: 'number', isRequired: true},
  storage: {type: 'number', isRequired: true},
  hours: {type: 'number', default: 1},
} as const;
