/**
 * The simple commands of a shell snippet, as a reader of the README would type them: enough of
 * bash's grammar to find every `aws ...` call (at the start of a line, after `|`, `&&`, `;`, in a
 * function body or inside `$(...)`) with its words after quote removal. Nothing is expanded:
 * `"$STREAM"` stays the word `$STREAM`, which is all a parameter-name check needs.
 */
export interface SimpleCommand {
  /** The words after the variable assignments and redirections, quotes removed. */
  readonly argv: string[];
  /** 1-based line of the command's first word within the snippet. */
  readonly line: number;
}

const OPERATORS = ['&&', '||', ';;', '|&', '|', ';', '&', '(', ')'];
const REDIRECT = /^(\d*)(<<<|<<-?|>>|>&|<&|&>|<|>)/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'in', '!', '{', '}', 'time']);

interface Word {
  text: string;
  line: number;
  /** The `$(...)` and backquote bodies inside the word, with the line each starts on. */
  substitutions: Array<{ body: string; line: number }>;
}

type Token = Word | { op: string; line: number };

export function simpleCommands(snippet: string, firstLine = 1): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let current: Word[] = [];
  let expectRedirectTarget = false;
  const flush = () => {
    const words = current.map((w) => w.text);
    let start = 0;
    if (words[0] === 'function') start = 2; // `function name { ...`: the body follows
    while (start < words.length && (ASSIGNMENT.test(words[start]) || RESERVED.has(words[start]))) start++;
    start = afterWrappers(words, start);
    // `for x in a b c` and `case`: the words are not a command.
    if (start < words.length && !(current.length > 0 && (words[0] === 'for' || words[0] === 'case'))) {
      // A function definition `name()` leaves `name` alone before `(`: not a command either.
      commands.push({ argv: words.slice(start), line: current[start].line });
    }
    current = [];
  };
  for (const token of tokenize(snippet, firstLine)) {
    if ('op' in token) {
      if (token.op === 'redirect') {
        expectRedirectTarget = true;
        continue;
      }
      flush();
      continue;
    }
    for (const sub of token.substitutions) commands.push(...simpleCommands(sub.body, sub.line));
    if (expectRedirectTarget) {
      expectRedirectTarget = false;
      continue;
    }
    current.push(token);
  }
  flush();
  return commands.filter((c) => !(c.argv.length === 1 && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(c.argv[0]) && isFunctionName(snippet, c.argv[0])));
}

/**
 * Commands that run the command after them (`env X=1 aws ...`, `sudo aws ...`, `xargs -n 1 aws
 * ...`): the command is the one they run. Options that take a value are skipped with it.
 */
const WRAPPERS: Record<string, { valueOptions: string[]; positional: number }> = {
  env: { valueOptions: ['-u', '-C', '-S'], positional: 0 },
  sudo: { valueOptions: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U'], positional: 0 },
  timeout: { valueOptions: ['-s', '-k', '--signal', '--kill-after'], positional: 1 },
  xargs: { valueOptions: ['-n', '-I', '-L', '-P', '-d', '-E', '-s', '-a'], positional: 0 },
  command: { valueOptions: [], positional: 0 },
  exec: { valueOptions: ['-a'], positional: 0 },
  nohup: { valueOptions: [], positional: 0 },
  time: { valueOptions: ['-f', '-o'], positional: 0 },
};

function afterWrappers(words: string[], from: number): number {
  let i = from;
  while (i < words.length && WRAPPERS[words[i]]) {
    const wrapper = WRAPPERS[words[i++]];
    while (i < words.length && (words[i].startsWith('-') || ASSIGNMENT.test(words[i]))) {
      i += wrapper.valueOptions.includes(words[i]) ? 2 : 1;
    }
    i += wrapper.positional;
  }
  return i;
}

function isFunctionName(snippet: string, name: string): boolean {
  return new RegExp(`(^|[\\s;])${name}\\s*\\(\\s*\\)`).test(snippet);
}

function tokenize(src: string, firstLine: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = firstLine;
  let word: Word | undefined;
  /** Here-document delimiters whose bodies start on the next line (`<<EOF`, `<<-'EOF'`). */
  const heredocs: Array<{ delimiter: string; stripTabs: boolean }> = [];
  let heredocNext: { stripTabs: boolean } | undefined;
  const startWord = () => (word ??= { text: '', line, substitutions: [] });
  const endWord = () => {
    if (word && heredocNext) {
      heredocs.push({ delimiter: word.text, stripTabs: heredocNext.stripTabs });
      heredocNext = undefined;
    } else if (word) {
      tokens.push(word);
    }
    word = undefined;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    if (c === '\n') {
      endWord();
      tokens.push({ op: '\n', line });
      line++;
      i++;
      // A here-document's body is text for the command, not commands: skip to its delimiter.
      for (const { delimiter, stripTabs } of heredocs.splice(0)) {
        for (;;) {
          if (i >= src.length) throw new Error(`line ${line}: the here-document ending with '${delimiter}' is never closed`);
          const end = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
          const bodyLine = src.slice(i, end);
          i = end + 1;
          line++;
          if ((stripTabs ? bodyLine.replace(/^\t+/, '') : bodyLine) === delimiter) break;
        }
      }
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
      continue;
    }
    if (c === '#' && !word) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (!word && (src.startsWith('<(', i) || src.startsWith('>(', i))) {
      // Process substitution: a word whose body is commands, like $(...).
      const w = startWord();
      const end = closingParen(src, i + 2);
      w.substitutions.push({ body: src.slice(i + 2, end), line });
      w.text += src.slice(i, end + 1);
      line += count(src.slice(i, end), '\n');
      i = end + 1;
      continue;
    }
    if (!word) {
      const redirect = REDIRECT.exec(src.slice(i));
      if (redirect) {
        if (redirect[2].startsWith('<<') && redirect[2] !== '<<<') heredocNext = { stripTabs: redirect[2] === '<<-' };
        else tokens.push({ op: 'redirect', line });
        i += redirect[0].length;
        continue;
      }
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op && !(op === '(' && word)) {
      endWord();
      tokens.push({ op, line });
      i += op.length;
      continue;
    }
    if (op === '(' && word) {
      // `name()`: a function definition; the name ends here.
      endWord();
      tokens.push({ op, line });
      i++;
      continue;
    }
    const w = startWord();
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new Error(`line ${line}: a single quote is never closed`);
      w.text += src.slice(i + 1, end);
      line += count(src.slice(i, end), '\n');
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) {
          w.text += '"$`\\\n'.includes(src[i + 1]) ? (src[i + 1] === '\n' ? '' : src[i + 1]) : src.slice(i, i + 2);
          if (src[i + 1] === '\n') line++;
          i += 2;
        } else if (src.startsWith('$(', i)) {
          i = readSubstitution(src, i, line, w);
        } else if (src[i] === '`') {
          i = readBackquotes(src, i, line, w);
        } else {
          if (src[i] === '\n') line++;
          w.text += src[i++];
        }
      }
      if (i >= src.length) throw new Error(`line ${line}: a double quote is never closed`);
      i++;
    } else if (src.startsWith('$(', i)) {
      i = readSubstitution(src, i, line, w);
    } else if (c === '`') {
      i = readBackquotes(src, i, line, w);
    } else if (c === '\\') {
      w.text += src[i + 1] ?? '';
      i += 2;
    } else {
      w.text += c;
      i++;
    }
  }
  endWord();
  return tokens;

  function readBackquotes(text: string, at: number, startLine: number, into: Word): number {
    const end = text.indexOf('`', at + 1);
    if (end < 0) throw new Error(`line ${startLine}: a backquote is never closed`);
    into.substitutions.push({ body: text.slice(at + 1, end), line: startLine });
    into.text += text.slice(at, end + 1);
    line += count(text.slice(at, end), '\n');
    return end + 1;
  }

  function readSubstitution(text: string, at: number, startLine: number, into: Word): number {
    const end = closingParen(text, at + 2);
    const body = text.slice(at + 2, end);
    into.substitutions.push({ body, line: startLine });
    into.text += text.slice(at, end + 1);
    line += count(body, '\n');
    return end + 1;
  }
}

/** The index of the `)` that closes a `$(` whose body starts at `from`, skipping quoted text. */
function closingParen(src: string, from: number): number {
  let depth = 1;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
    } else if (c === "'") {
      i = src.indexOf("'", i + 1);
      if (i < 0) break;
    } else if (c === '"') {
      for (i++; i < src.length && src[i] !== '"'; i++) {
        if (src[i] === '\\') i++;
        else if (src.startsWith('$(', i)) i = closingParen(src, i + 2);
      }
    } else if (c === '(') {
      depth++;
    } else if (c === ')' && --depth === 0) {
      return i;
    }
  }
  throw new Error(`a '$(' is never closed: ${src.slice(from - 2, from + 40)}...`);
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}

/**
 * Placeholders such as `<bucket>` written outside quotes: pasted as they are, bash reads `<` as an
 * input redirection (`No such file or directory`), so a README must use a variable instead.
 */
export function unquotedPlaceholders(snippet: string, firstLine = 1): Array<{ text: string; line: number }> {
  const found: Array<{ text: string; line: number }> = [];
  let line = firstLine;
  let quote: string | undefined;
  let wordStart = true;
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\n') line++;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && wordStart) {
      while (i < snippet.length && snippet[i + 1] !== '\n') i++;
    } else if (c === '<') {
      const m = /^<([A-Za-z][^<>\n'"]*)>/.exec(snippet.slice(i));
      if (m) found.push({ text: m[0], line });
    }
    wordStart = /\s|[;&|(]/.test(c);
  }
  return found;
}
