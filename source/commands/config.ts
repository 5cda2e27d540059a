import {join} from 'node:path';
import {ConfigError} from '../errors.js';
import {sanitizeText} from '../lib/sanitize.js';
import {defineCommand} from './command.js';
import {writeJson, writeLines} from './output.js';
import {plainTable} from './plain-table.js';

/**
 * `golem config [--json]` — every effective setting: its variable, value and where the value came from (flag, env,
 * file = `<baseDir>/.env`, profile, devnet, default), then whether payments are usable. Secrets (wallet key,
 * passwords, passphrase) are shown only as `(set)`/`(not set)`: `AppConfig.effectiveSettings` never holds them.
 * JSON: `{"settings_file": "…", "settings": [{"name", "setting", "value", "source", "secret"}], "payments":
 * {"network", "available", "error", "hint"}}`.
 */
export const configCommand = defineCommand({
  path: ['config'],
  description: 'Show every setting, its value and where it came from.',
  help: `
  Usage
    $ golem config [--json]

  Settings come from, highest first: command-line flags, the environment (GOLEM_REQUESTOR_*, names in any
  case), the file <base dir>/.env (KEY=value lines), the payments network profile or running devnet, and
  golem's defaults. Secrets are shown as (set) or (not set), never their value.

  Options
    --json  Output in JSON format

  Examples
    $ golem config
    $ GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet golem config --json
`,
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const config = io.config();
    const settingsFile = join(config.paths.baseDir, '.env');
    const paymentsError = config.payments instanceof ConfigError ? config.payments : null;
    if (flags.json) {
      writeJson(io, {
        settings_file: settingsFile,
        settings: config.effectiveSettings.map((setting) => ({
          name: setting.variable,
          setting: setting.key,
          value: setting.value,
          source: setting.source,
          secret: setting.isSecret,
        })),
        payments: {
          network: config.paymentsNetwork,
          available: paymentsError === null,
          error: paymentsError?.shortMessage ?? null,
          hint: paymentsError?.hint ?? null,
        },
      });
      return 0;
    }
    // Values may come from a file: control characters are stripped before they reach the terminal.
    const rows = config.effectiveSettings.map((setting) => [setting.variable, sanitizeText(setting.value ?? '—'), setting.source]);
    writeLines(io, [
      ...plainTable([{header: 'Setting', maxWidth: 48}, {header: 'Value', maxWidth: 90}, {header: 'Source'}], rows),
      '',
      `Settings file: ${settingsFile}`,
      paymentsError
        ? `Payments on ${config.paymentsNetwork}: unavailable — ${paymentsError.shortMessage}${paymentsError.hint ? ` ${paymentsError.hint}` : ''}`
        : `Payments on ${config.paymentsNetwork}: available`,
    ]);
    return 0;
  },
});
