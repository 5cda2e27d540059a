import type {AnyFlags} from 'meow';
import {InvalidInputError} from '../errors.js';
import {defineCommand} from './command.js';
import {commandTable, type CommandEntry} from './index.js';

/** A flag as completion needs it: `--kebab-name`, whether a value follows, and its allowed values. */
export type CompletionFlag = {readonly name: string; readonly takesValue: boolean; readonly choices: readonly string[]};

/** A word that may follow a command path (subcommand or group), with a one-line description. */
export type CompletionChild = {readonly word: string; readonly description: string};

/**
 * The command tree as completion sees it, keyed by command path (`''` for the root, `'vm stream'`…): which words
 * may follow and, for runnable commands, their flags (`--help` included).
 */
export type CompletionSpec = ReadonlyMap<string, {readonly children: readonly CompletionChild[]; readonly flags: readonly CompletionFlag[]; readonly takesVmName?: boolean}>;

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

const kebab = (name: string) => `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/** The flags of a meow flag spec, kebab-cased as typed on the command line, plus `--help`. */
export function completionFlags(flags: AnyFlags): CompletionFlag[] {
  const found = Object.entries(flags).map(([name, spec]) => ({
    name: kebab(name),
    takesValue: spec.type !== 'boolean',
    choices: 'choices' in spec && Array.isArray(spec.choices) ? spec.choices.map(String) : [],
  }));
  return [...found, {name: '--help', takesValue: false, choices: []}];
}

/**
 * Builds the completion tree from the command table, loading each command for its flag spec. A command whose module
 * cannot be loaded is still completed by name (without flags), so one broken module never breaks completion.
 */
export async function loadCompletionSpec(table: readonly CommandEntry[] = commandTable): Promise<CompletionSpec> {
  const nodes = new Map<string, {children: CompletionChild[]; flags: CompletionFlag[]; takesVmName?: boolean}>();
  const node = (key: string) => {
    let found = nodes.get(key);
    if (!found) nodes.set(key, (found = {children: [], flags: []}));
    return found;
  };
  node('');
  for (const entry of table) {
    let flags: CompletionFlag[] = [{name: '--help', takesValue: false, choices: []}];
    let takesVmName = false;
    try {
      const command = await entry.load();
      flags = completionFlags(command.flags);
      takesVmName = entry.path[0] === 'vm' && command.args?.[0]?.name === 'NAME' && entry.path.join(' ') !== 'vm create';
    } catch {
      // Not loadable (yet): complete its name only.
    }
    for (const path of [entry.path, ...(entry.aliases ?? [])]) {
      path.forEach((word, index) => {
        const parent = node(path.slice(0, index).join(' '));
        const isLeaf = index === path.length - 1;
        const existing = parent.children.find((child) => child.word === word);
        const description = isLeaf ? entry.description : `${path.slice(0, index + 1).join(' ')} commands`;
        if (!existing) parent.children.push({word, description});
        else if (isLeaf) parent.children.splice(parent.children.indexOf(existing), 1, {word, description});
        node(path.slice(0, index + 1).join(' '));
      });
      node(path.join(' ')).flags = flags;
      node(path.join(' ')).takesVmName = takesVmName;
    }
  }
  return nodes;
}

/** Single-quotes `text` for sh/bash/zsh/fish (`'` becomes `'\''`; fish accepts `\'` inside quotes instead). */
const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
const fishQuote = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/** The case-statement helpers shared by bash and zsh (both run POSIX `case`). */
function caseHelpers(spec: CompletionSpec): string {
  const entries = [...spec.entries()];
  const cases = (lines: string[]) => lines.map((line) => `    ${line}`).join('\n');
  const children = entries.map(([key, value]) => `${quote(key)}) echo ${quote(value.children.map((child) => child.word).join(' '))} ;;`);
  const flags = entries.map(([key, value]) => `${quote(key)}) echo ${quote(value.flags.map((flag) => flag.name).join(' '))} ;;`);
  // Names golem knows are asked from golem itself (`golem __complete …`, quiet and fast on failure).
  const DYNAMIC: Record<string, string> = {'--stream-id': 'streams', '--provider': 'providers', '--provider-id': 'providers'};
  const valued = entries.flatMap(([key, value]) =>
    value.flags
      .filter((flag) => flag.takesValue)
      .map((flag) =>
        DYNAMIC[flag.name]
          ? `${quote(`${key} ${flag.name}`)}) golem __complete ${DYNAMIC[flag.name]} 2> /dev/null; return 0 ;;`
          : `${quote(`${key} ${flag.name}`)}) echo ${quote(flag.choices.join(' '))} ;;`,
      ),
  );
  const named = entries.filter(([, value]) => value.takesVmName).map(([key]) => `${quote(key)}) golem __complete vms 2> /dev/null ;;`);
  return `_golem_children() {
  case "$1" in
${cases(children)}
    *) return 1 ;;
  esac
}

_golem_flags() {
  case "$1" in
${cases(flags)}
    *) return 1 ;;
  esac
}

# The VM names for a command that takes one (from golem's database).
_golem_args() {
  case "$1" in
${cases(named)}
    *) return 0 ;;
  esac
}

# Succeeds (printing the allowed values, if any) when flag $2 of command $1 takes a value.
_golem_values() {
  case "$1 $2" in
${cases(valued)}
    *) return 1 ;;
  esac
}`;
}

/** A bash completion script (`complete -F`), generated from the command table. */
export function bashCompletion(spec: CompletionSpec): string {
  return `# bash completion for golem. Generated by \`golem completion bash\`.
# Install: golem completion bash > ~/.local/share/bash-completion/completions/golem
#      or: echo 'source <(golem completion bash)' >> ~/.bashrc

${caseHelpers(spec)}

_golem() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmdpath="" word i values
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if [[ "$word" == "--" ]]; then COMPREPLY=(); return 0; fi
    if [[ "$word" != -* ]] && _golem_children "\${cmdpath:+$cmdpath }$word" > /dev/null; then
      cmdpath="\${cmdpath:+$cmdpath }$word"
    fi
  done
  if [[ "$prev" == --* ]] && values="$(_golem_values "$cmdpath" "$prev")"; then
    COMPREPLY=($(compgen -W "$values" -- "$cur"))
  elif [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_golem_flags "$cmdpath")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(_golem_children "$cmdpath") $(_golem_args "$cmdpath")" -- "$cur"))
  fi
  return 0
}

complete -F _golem golem
`;
}

/** A zsh completion script (`compdef`), generated from the command table; same logic as bash's. */
export function zshCompletion(spec: CompletionSpec): string {
  return `#compdef golem
# zsh completion for golem. Generated by \`golem completion zsh\`.
# Install: echo 'source <(golem completion zsh)' >> ~/.zshrc   (after compinit)

${caseHelpers(spec)}

_golem() {
  local cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}" cmdpath="" word values
  local -i i
  local -a candidates
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    if [[ "$word" == "--" ]]; then return 1; fi
    if [[ "$word" != -* ]] && _golem_children "\${cmdpath:+$cmdpath }$word" > /dev/null; then
      cmdpath="\${cmdpath:+$cmdpath }$word"
    fi
  done
  if [[ "$prev" == --* ]] && values="$(_golem_values "$cmdpath" "$prev")"; then
    candidates=(\${=values})
  elif [[ "$cur" == -* ]]; then
    candidates=(\${=$(_golem_flags "$cmdpath")})
  else
    candidates=(\${=$(_golem_children "$cmdpath")} \${=$(_golem_args "$cmdpath")})
  fi
  compadd -- $candidates
}

compdef _golem golem
`;
}

/** A fish completion script (`complete -c golem`), generated from the command table. */
export function fishCompletion(spec: CompletionSpec): string {
  const nodes = [...spec.keys()].filter((key) => key !== '');
  const lines: string[] = [];
  for (const [key, value] of spec) {
    const condition = fishQuote(`__golem_path_is ${fishQuote(key)}`);
    for (const child of value.children) {
      lines.push(`complete -c golem -n ${condition} -a ${fishQuote(child.word)} -d ${fishQuote(child.description)}`);
    }
    for (const flag of value.flags) {
      const name = `-l ${flag.name.slice(2)}`;
      const argument = flag.choices.length > 0 ? ` -xa ${fishQuote(flag.choices.join(' '))}` : flag.takesValue ? ' -x' : '';
      lines.push(`complete -c golem -n ${condition} ${name}${argument}`);
    }
  }
  return `# fish completion for golem. Generated by \`golem completion fish\`.
# Install: golem completion fish > ~/.config/fish/completions/golem.fish

set -g __golem_nodes ${nodes.map(fishQuote).join(' ')}

function __golem_path
    set -l cmdpath ''
    for word in (commandline -opc)[2..-1]
        if test "$word" = '--'
            echo '--'
            return
        end
        string match -q -- '-*' $word; and continue
        set -l candidate (string trim -- "$cmdpath $word")
        contains -- $candidate $__golem_nodes; and set cmdpath $candidate
    end
    echo $cmdpath
end

function __golem_path_is
    set -l current (__golem_path)
    test "$current" = "$argv[1]"
end

complete -c golem -f
${lines.join('\n')}
`;
}

/** `golem completion bash|zsh|fish` — prints a completion script generated from the command table. */
export const completionCommand = defineCommand({
  path: ['completion'],
  description: 'Print a shell completion script (bash, zsh or fish).',
  help: `
  Usage
    $ golem completion bash|zsh|fish

  Options
    --help  Show this help

  Prints a script that completes golem's commands, subcommands and flags (and the values of flags such as
  --sort). Generated from the installed golem, so it always matches its commands.

  Examples
    $ golem completion bash > ~/.local/share/bash-completion/completions/golem
    $ echo 'source <(golem completion zsh)' >> ~/.zshrc
    $ golem completion fish > ~/.config/fish/completions/golem.fish
`,
  args: [{name: 'SHELL', choices: SHELLS}],
  flags: {},
  async run(io, {args}) {
    const shell = args[0];
    if (!SHELLS.includes(shell as Shell)) {
      throw new InvalidInputError({
        issues: [shell ? `Unknown shell '${shell}'.` : 'Name the shell.'],
        hint: 'golem completion bash|zsh|fish',
      });
    }
    const spec = await loadCompletionSpec();
    const generate = {bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion}[shell as Shell];
    io.stdout.write(generate(spec));
    return 0;
  },
});
