import { simpleCommands, unquotedPlaceholders } from '../../scripts/docs-check/shell-commands';

const argvs = (snippet: string) => simpleCommands(snippet).map((c) => c.argv);

describe('simpleCommands: the commands of a README snippet', () => {
  test('continued lines are one command; quotes are removed, variables kept as written', () => {
    expect(simpleCommands(
      'aws kinesis put-record --stream-name "$STREAM" \\\n  --data \'{"ticker": "AMZN"}\' --partition-key AMZN\n'
      + 'echo done # a comment --with-a-flag\n',
      10,
    )).toEqual([
      { argv: ['aws', 'kinesis', 'put-record', '--stream-name', '$STREAM', '--data', '{"ticker": "AMZN"}', '--partition-key', 'AMZN'], line: 10 },
      { argv: ['echo', 'done'], line: 12 },
    ]);
  });

  test('commands inside $(...), pipes, && and ;, assignments and a function body', () => {
    expect(argvs([
      'STACK=StreamingData-ApiToLambda',
      'out() { aws cloudformation describe-stacks --stack-name "$STACK" \\',
      '  --query "Stacks[0].Outputs[?OutputKey==\'$1\'].OutputValue" --output text; }',
      'API_URL=$(out ApiUrl); TOKEN=$(jq -n "{a: 1}" | curl -s "$(out TokenUrl)" --data-binary @- | jq -er .t)',
      'npm ci && npx projen build',
    ].join('\n'))).toEqual([
      ['aws', 'cloudformation', 'describe-stacks', '--stack-name', '$STACK', '--query', "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue", '--output', 'text'],
      ['out', 'ApiUrl'],
      ['jq', '-n', '{a: 1}'],
      ['out', 'TokenUrl'],
      ['curl', '-s', '$(out TokenUrl)', '--data-binary', '@-'],
      ['jq', '-er', '.t'],
      ['npm', 'ci'],
      ['npx', 'projen', 'build'],
    ]);
  });

  test('redirections and their targets are not words of the command', () => {
    expect(argvs('jq -r .x <<<"$AUTH" 2>/dev/null > out.json\n(cd examples/flink-app && mvn -B verify) 2>&1 | tee log')).toEqual([
      ['jq', '-r', '.x'],
      ['cd', 'examples/flink-app'],
      ['mvn', '-B', 'verify'],
      ['tee', 'log'],
    ]);
  });

  test('a quote that is never closed is an error, not a silent pass', () => {
    expect(() => simpleCommands('aws s3 ls "s3://bucket')).toThrow(/double quote is never closed/);
    expect(() => simpleCommands('echo $(aws s3 ls')).toThrow(/'\$\(' is never closed/);
  });
});

describe('unquotedPlaceholders: <placeholders> bash would read as redirections', () => {
  test('found outside quotes, with their line', () => {
    expect(unquotedPlaceholders('aws s3 ls s3://<bucket>/output/\naws sqs receive-message --queue-url <failure queue URL>', 3)).toEqual([
      { text: '<bucket>', line: 3 },
      { text: '<failure queue URL>', line: 4 },
    ]);
  });

  test('quoted, in comments and here-strings they are fine', () => {
    expect(unquotedPlaceholders([
      'echo "https://<api id>.execute-api.<region>.amazonaws.com/"   # prints https://<api id>...',
      "curl -d '{\"a\": \"<b>\"}' x",
      'jq -r .x <<<"$AUTH"',
    ].join('\n'))).toEqual([]);
  });
});

describe('simpleCommands finds aws calls wherever bash would run them', () => {
  test.each([
    ['process substitution', 'while read -r s; do echo "$s"; done < <(aws kinesis list-streams --output text)'],
    ['process substitution as an argument', 'diff <(aws s3 ls s3://a/) <(aws s3 ls s3://b/)'],
    ['backquotes', 'X=`aws sts get-caller-identity`'],
    ['backquotes in double quotes', 'echo "account `aws sts get-caller-identity`"'],
    ['a function keyword body', 'function out { aws cloudformation describe-stacks; }'],
    ['env', 'env AWS_PAGER= aws kinesis list-streams'],
    ['sudo -u', 'sudo -u ops aws kinesis list-streams'],
    ['timeout', 'timeout -s INT 30 aws kinesis list-streams'],
    ['xargs -n', 'echo a b | xargs -n 1 aws kinesis describe-stream --stream-name'],
  ])('%s', (_, snippet) => {
    const aws = simpleCommands(snippet).filter((c) => c.argv[0] === 'aws');
    expect(aws.length).toBeGreaterThanOrEqual(1);
    expect(aws.every((c) => /^(kinesis|s3|sts|cloudformation)$/.test(c.argv[1]))).toBe(true);
  });

  test('a here-document body is not commands; the command after it is', () => {
    expect(argvs("cat <<'EOF' > policy.json\nit's {\"not\": \"a command\"}\nEOF\naws iam get-role --role-name r\ncat <<-END\n\tx\n\tEND\n")).toEqual([
      ['cat'],
      ['aws', 'iam', 'get-role', '--role-name', 'r'],
      ['cat'],
    ]);
  });
});
