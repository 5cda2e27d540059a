/**
 * What `cli.tsx` needs for every run but `golem --help`/`--version`: the one parser (with didyoumean2), the error
 * reporting, the profile names and `UsageError`. One module, loaded with one `import()` after those two have
 * answered, so it arrives as one chunk of the bundle rather than four (issue 16 §3).
 */
export {closestMatch, didYouMeanSuffix, parseCommandLine} from './parse-command-line.js';
export {reportError} from './report-error.js';
export {knownProfileNames} from '../config/profiles.js';
export {UsageError} from '../errors.js';
