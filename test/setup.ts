// Stable frames for Ink tests: no colour, fixed width.
process.env['FORCE_COLOR'] = '0';
process.env['NO_COLOR'] = '1';
