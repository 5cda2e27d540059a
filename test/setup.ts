// Stable frames for Ink tests: no colour, fixed width.
process.env['FORCE_COLOR'] = '0';
process.env['NO_COLOR'] = '1';
// Ink renders only final frames when it thinks it runs in CI (CI=true there); the dashboard tests need live frames.
process.env['CI'] = '0';
