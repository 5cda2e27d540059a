/**
 * Compiles the contracts with solc-js (standard JSON, optimizer on) and writes one committed module each, so nothing
 * compiles at run time: `contracts/StreamPayment.sol` → `contracts/abi/stream-payment.ts` (`streamPaymentAbi` as
 * const + `streamPaymentBytecode`) and `contracts/TestToken.sol` (the devnet's ERC20) → `contracts/abi/test-token.ts`
 * (`testTokenAbi` + `testTokenBytecode`). Run with `npm run contracts:build` (= `npx tsx contracts/compile.ts`) after
 * editing a contract, and commit the generated files. Exits 1 and prints solc's messages when a contract does not
 * compile.
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import solc from 'solc';

/** `paris` (no PUSH0) so the bytecode runs on any EVM L2 as well as on anvil. */
const EVM_VERSION = 'paris';

/** Each contract, the module it compiles into, the export prefix and what its constructor takes. */
const TARGETS = [
  {name: 'StreamPayment', module: 'stream-payment.ts', prefix: 'streamPayment', about: 'StreamPayment (reference §7.2–7.3)', constructorArgs: '`(address oracle)`'},
  {name: 'TestToken', module: 'test-token.ts', prefix: 'testToken', about: 'TestToken, the devnet ERC20 (reference §6.7)', constructorArgs: '`(string name, string symbol, uint8 decimals)`'},
] as const;

type SolcMessage = {severity: 'error' | 'warning' | 'info'; formattedMessage: string};
type SolcOutput = {
  errors?: SolcMessage[];
  contracts?: Record<string, Record<string, {abi: unknown[]; evm: {bytecode: {object: string}}}>>;
};

const contractsDir = dirname(fileURLToPath(import.meta.url));

for (const target of TARGETS) {
  const sourceName = `${target.name}.sol`;
  const outputPath = join(contractsDir, 'abi', target.module);
  const input = {
    language: 'Solidity',
    sources: {[sourceName]: {content: readFileSync(join(contractsDir, sourceName), 'utf8')}},
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
    process.stderr.write(`${sourceName} did not compile.\n`);
    process.exit(1);
  }

  const artefact = output.contracts?.[sourceName]?.[target.name];
  if (!artefact || !artefact.evm.bytecode.object) {
    process.stderr.write(`solc produced no bytecode for ${target.name}.\n`);
    process.exit(1);
  }

  const header = `// GENERATED FILE — do not edit. Produced by \`npm run contracts:build\` (contracts/compile.ts) from
// contracts/${sourceName} with solc ${solc.version()}, optimizer on (200 runs), evmVersion ${EVM_VERSION}.
// Edit the contract, run the script again and commit both files.
`;
  const body = `${header}
/** ABI of ${target.about}, \`as const\` so viem infers argument and return types. */
export const ${target.prefix}Abi = ${JSON.stringify(artefact.abi, null, 2)} as const;

/** Creation bytecode of ${target.name}; the constructor takes ${target.constructorArgs}. */
export const ${target.prefix}Bytecode: \`0x\${string}\` = '0x${artefact.evm.bytecode.object}';
`;

  mkdirSync(dirname(outputPath), {recursive: true});
  writeFileSync(outputPath, body);
  process.stderr.write(`Wrote ${outputPath} (${artefact.abi.length} ABI entries, ${artefact.evm.bytecode.object.length / 2} bytes).\n`);
}
