/**
 * State of the create-VM form: the typed fields, which one has focus, and which problems to show (a field's
 * problem shows once it was edited — a paste included — and every problem shows after a submit attempt).
 * Rules live in `vm-request-rules.ts`; this hook only tracks and parses.
 */
import {useCallback, useMemo, useState} from 'react';
import type {Resources} from '../../services/types.js';
import {
  parseWholeNumber,
  validateCreateVmFields,
  type AvailableResources,
  type CreateVmFieldErrors,
  type CreateVmFields,
} from '../vm-request-rules.js';

/** The fields in focus order. */
export const CREATE_VM_FIELD_ORDER: ReadonlyArray<keyof CreateVmFields> = ['name', 'cpu', 'memory', 'storage', 'hours'];

/** Starting values: the smallest size a provider accepts (reference §4.4 "small") and one hour of deposit. */
export const CREATE_VM_DEFAULTS: CreateVmFields = {name: '', cpu: '1', memory: '1', storage: '10', hours: '1'};

/** A complete, valid request. */
export type CreateVmRequest = {readonly name: string; readonly resources: Resources; readonly hours: number};

/** What `useCreateVmForm` returns. */
export type CreateVmForm = {
  readonly fields: CreateVmFields;
  readonly setField: (field: keyof CreateVmFields, value: string) => void;
  readonly focused: keyof CreateVmFields;
  readonly focusNext: () => void;
  readonly focusPrevious: () => void;
  /** Problems to show now. */
  readonly visibleErrors: CreateVmFieldErrors;
  /** The request when every field is valid, else null. */
  readonly request: CreateVmRequest | null;
  /** Resources and hours when those fields are valid (the name does not matter for a price), else null. */
  readonly priced: {readonly resources: Resources; readonly hours: number} | null;
  /** Marks a submit attempt so every problem shows; returns the request or null. */
  readonly attemptSubmit: () => CreateVmRequest | null;
};

/** Form state for a provider with `available` free resources. */
export function useCreateVmForm(available?: AvailableResources): CreateVmForm {
  const [fields, setFields] = useState<CreateVmFields>(CREATE_VM_DEFAULTS);
  const [focusIndex, setFocusIndex] = useState(0);
  const [touched, setTouched] = useState<ReadonlySet<keyof CreateVmFields>>(new Set());
  const [isSubmitAttempted, setSubmitAttempted] = useState(false);

  const errors = useMemo(() => validateCreateVmFields(fields, available), [fields, available]);
  const visibleErrors = useMemo(() => {
    const shown: {-readonly [K in keyof CreateVmFields]?: string} = {};
    for (const field of CREATE_VM_FIELD_ORDER) {
      if (errors[field] && (isSubmitAttempted || touched.has(field))) shown[field] = errors[field];
    }
    return shown;
  }, [errors, isSubmitAttempted, touched]);

  const priced = useMemo(() => {
    if (errors.cpu || errors.memory || errors.storage || errors.hours) return null;
    return {
      resources: {
        cpu: parseWholeNumber(fields.cpu) ?? 0,
        memory: parseWholeNumber(fields.memory) ?? 0,
        storage: parseWholeNumber(fields.storage) ?? 0,
      },
      hours: parseWholeNumber(fields.hours) ?? 0,
    };
  }, [errors, fields]);
  const request = useMemo(
    () => (priced && !errors.name ? {name: fields.name, resources: priced.resources, hours: priced.hours} : null),
    [priced, errors, fields.name],
  );

  const setField = useCallback((field: keyof CreateVmFields, value: string) => {
    setFields((current) => ({...current, [field]: value}));
    setTouched((current) => new Set(current).add(field));
  }, []);
  const count = CREATE_VM_FIELD_ORDER.length;
  const focusNext = useCallback(() => setFocusIndex((index) => (index + 1) % count), [count]);
  const focusPrevious = useCallback(() => setFocusIndex((index) => (index - 1 + count) % count), [count]);
  const attemptSubmit = useCallback(() => {
    setSubmitAttempted(true);
    return request;
  }, [request]);

  return {
    fields,
    setField,
    focused: CREATE_VM_FIELD_ORDER[focusIndex] ?? 'name',
    focusNext,
    focusPrevious,
    visibleErrors,
    request,
    priced,
    attemptSubmit,
  };
}
