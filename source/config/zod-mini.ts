/**
 * zod/mini (not classic zod) for the settings files every command reads: classic zod adds ~15 ms to each start
 * (issue 16 §3). The mini build sets no error messages of its own, so zod's English ones are configured here (the
 * same global setting classic zod makes when it loads): "expected string, received number", not "Invalid input".
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export {z};
