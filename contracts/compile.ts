/**
 * Compiles `contracts/StreamPayment.sol` with solc-js (standard JSON, optimizer on) and writes the committed module
 * `contracts/abi/stream-payment.ts` (`streamPaymentAbi` as const + `streamPaymentBytecode`), so nothing compiles at
 * run time. Run with `npm run contracts:build` (= `npx tsx contracts/compile.ts`) after editing the contract, and
 * commit the generated file. Exits 1 and prints solc's messages when the contract does not compile.
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import solc from 'solc';

const CONTRACT_NAME = 'StreamPayment';
const SOURCE_NAME = `${CONTRACT_NAME}.sol`;
/** `paris` (no PUSH0) so the bytecode runs on any EVM L2 as well as on anvil. */
const EVM_VERSION = 'paris';

type SolcMessage = {severity: 'error' | 'warning' | 'info'; formattedMessage: string};
type SolcOutput = {
  errors?: SolcMessage[];
  contracts?: Record<string, Record<string, {abi: unknown[]; evm: {bytecode: {object: string}}}>>;
};

const contractsDir = dirname(fileURLToPath(import.meta.url));
const sourcePath = join(contractsDir, SOURCE_NAME);
const outputPath = join(contractsDir, 'abi', 'stream-payment.ts');

const input = {
  language: 'Solidity',
  sources: {[SOURCE_NAME]: {content: readFileSync(sourcePath, 'utf8')}},
  settings: {
    optimizer: {enabled: true, runs: 200},
    evmVersion: EVM_VERSION,
    outputSelection: {'*': {'*': ['abi', 'evm.bytecode.object']}},
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
const messages = output.errors ?? [];
for (const message of messages) process.stderr.write(`${message.formattedMessage}\n`);
if (messages.some((message) => message.severity === 'error')) {
  process.stderr.write(`${SOURCE_NAME} did not compile.\n`);
  process.exit(1);
}

const artefact = output.contracts?.[SOURCE_NAME]?.[CONTRACT_NAME];
if (!artefact || !artefact.evm.bytecode.object) {
  process.stderr.write(`solc produced no bytecode for ${CONTRACT_NAME}.\n`);
  process.exit(1);
}

const header = `// GENERATED FILE — do not edit. Produced by \`npm run contracts:build\` (contracts/compile.ts) from
// contracts/${SOURCE_NAME} with solc ${solc.version()}, optimizer on (200 runs), evmVersion ${EVM_VERSION}.
// Edit the contract, run the script again and commit both files.
`;
const body = `${header}
/** ABI of StreamPayment (reference §7.2–7.3), \`as const\` so viem infers argument and return types. */
export const streamPaymentAbi = ${JSON.stringify(artefact.abi, null, 2)} as const;

/** Creation bytecode of StreamPayment; the constructor takes \`(address oracle)\`. */
export const streamPaymentBytecode: \`0x\${string}\` = '0x${artefact.evm.bytecode.object}';
`;

mkdirSync(dirname(outputPath), {recursive: true});
writeFileSync(outputPath, body);
process.stderr.write(`Wrote ${outputPath} (${artefact.abi.length} ABI entries, ${artefact.evm.bytecode.object.length / 2} bytes).\n`);
