"""Parse AWS CLI command lines against the CLI's own parameter tables, offline.

Reads a JSON list of {"where": str, "argv": [str, ...]} (argv without the leading "aws") on stdin
and prints a JSON list of {"where": str, "error": str} for the commands the CLI would refuse
before sending anything: an unknown service, command or option, a missing required option, a
value outside an option's choices, and the s3 commands' own path rules (streaming to or from '-'
only with a non-recursive cp). Nothing is sent to AWS and no credentials are read.

The CLI here is AWS CLI v1 from PyPI (v2 is not published there). Both generate their service
commands from the same botocore models, so service commands and their options are the same; the
v2-only global options and output formats are accepted explicitly (V2_ONLY_GLOBALS,
V2_ONLY_OUTPUTS), and v2's one difference a README trips on is checked: a blob parameter's value
is base64 unless --cli-binary-format raw-in-base64-out (check_blobs).
"""
import contextlib
import io
import json
import sys

import jmespath

from awscli.argparser import ArgTableArgParser
from awscli.clidriver import ServiceCommand, create_clidriver
from awscli.customizations.s3.subcommands import CommandParameters

# AWS CLI v2 global options that v1 does not have, with whether they take a value.
V2_ONLY_GLOBALS = {"--cli-binary-format": True, "--no-cli-pager": False, "--cli-auto-prompt": False}
V2_BINARY_FORMATS = ("base64", "raw-in-base64-out")
# --output values v2 has and v1 does not.
V2_ONLY_OUTPUTS = ("yaml", "yaml-stream")
# The s3 commands whose paths the CLI checks before it starts (CommandParameters.add_paths).
PATH_COMMANDS = ("cp", "mv", "rm", "sync")
INPUT_FILE_OPTIONS = ("--cli-input-json", "--cli-input-yaml", "--generate-cli-skeleton")


class Refused(Exception):
    pass


def parse(parser, args):
    """argparse's parse_known_args, with its usage errors raised instead of printed and exited."""
    err = io.StringIO()
    # Whole option names only: a README that abbreviates one (--stream for --stream-name) breaks
    # the day the CLI adds another option with the same prefix.
    parser.allow_abbrev = False
    try:
        # --version and help print to stdout, which carries this script's answer.
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            return parser.parse_known_args(args)
    except SystemExit as e:
        if e.code == 0:
            return None, []  # --version or help: printed, nothing to send
        lines = [l.strip() for l in err.getvalue().splitlines() if l.strip()]
        invalid = [i for i, l in enumerate(lines) if l.startswith("Invalid choice")]
        if invalid:
            raise Refused(" ".join(lines[invalid[0]:]))
        errors = [l.split("error: ", 1)[1] for l in lines if "error: " in l]
        raise Refused(errors[0] if errors else (lines[-1] if lines else "refused by the argument parser"))


def option_value(argv, i):
    """The value of the option at argv[i] (`--name value` or `--name=value`) and the next index."""
    if "=" in argv[i]:
        return argv[i].split("=", 1)[1], i + 1
    if i + 1 >= len(argv):
        raise Refused(f"{argv[i]} needs a value")
    return argv[i + 1], i + 2


def strip_v2_globals(argv):
    """argv without the v2-only options v1 would refuse, checked here, and v2's binary format."""
    out, i, binary_format = [], 0, "base64"  # v2's default: blob values are read as base64
    while i < len(argv):
        name = argv[i].split("=", 1)[0]
        if name in V2_ONLY_GLOBALS:
            if not V2_ONLY_GLOBALS[name]:
                i += 1
                continue
            value, i = option_value(argv, i)
            if name == "--cli-binary-format":
                if value not in V2_BINARY_FORMATS:
                    raise Refused(f"--cli-binary-format must be one of {', '.join(V2_BINARY_FORMATS)} (got '{value}')")
                binary_format = value
            continue
        if name == "--output":
            value, j = option_value(argv, i)
            if value in V2_ONLY_OUTPUTS:
                i = j
                continue
        out.append(argv[i])
        i += 1
    return out, binary_format


def check_blobs(command, arg_table, parsed, binary_format):
    """v2 reads a blob parameter's value as base64 unless --cli-binary-format raw-in-base64-out
    (v1 sent it as it is): JSON given to --data without it is refused ('Invalid base64')."""
    for name, arg in arg_table.items():
        model = getattr(arg, "argument_model", None)
        value = getattr(parsed, name.replace("-", "_"), None)
        if model is None or getattr(model, "type_name", None) != "blob" or not isinstance(value, str):
            continue
        if binary_format != "raw-in-base64-out" and not value.startswith("fileb://"):
            raise Refused(f"{command}: --{name} is a blob, which AWS CLI v2 reads as base64: give "
                          "--cli-binary-format raw-in-base64-out to send the text as it is (or a fileb:// file, "
                          "or --cli-binary-format base64 when the value is base64)")


@contextlib.contextmanager
def required_unless_input_file(arg_table, args):
    """With --cli-input-json (or -yaml) the required options may come from the file. The tables
    are the driver's cached ones: restore them afterwards."""
    relaxed = []
    if any(a.split("=", 1)[0] in INPUT_FILE_OPTIONS for a in args):
        relaxed = [arg for arg in arg_table.values() if getattr(arg, "required", False)]
    for arg in relaxed:
        arg.required = False
    try:
        yield
    finally:
        for arg in relaxed:
            arg.required = True


def check_service_operation(service, name, args, binary_format):
    table = service._get_command_table()
    if name not in table:
        raise Refused(f"aws {service.name}: no command '{name}'")
    operation = table[name]
    arg_table = operation.arg_table
    with required_unless_input_file(arg_table, args):
        parsed, remaining = parse(operation._create_operation_parser(arg_table), args)
    if parsed is None:
        return
    if remaining:
        raise Refused(f"aws {service.name} {name}: unknown options: {' '.join(remaining)}")
    check_blobs(f"aws {service.name} {name}", arg_table, parsed, binary_format)


def check_custom_command(command, args, lineage):
    """The hand-written commands (aws s3 cp, aws kinesis ... customizations, aws configure)."""
    subcommands = command.subcommand_table
    if subcommands and args and not args[0].startswith("-"):
        if args[0] not in subcommands:
            raise Refused(f"aws {' '.join(lineage)}: no command '{args[0]}'")
        return check_custom_command(subcommands[args[0]], args[1:], lineage + [args[0]])
    if subcommands and not args:
        raise Refused(f"aws {' '.join(lineage)}: a command is required")
    with required_unless_input_file(command.arg_table, args):
        parsed, remaining = parse(ArgTableArgParser(command.arg_table), args)
    if parsed is None:
        return
    if remaining:
        raise Refused(f"aws {' '.join(lineage)}: unknown options: {' '.join(remaining)}")
    if lineage[0] == "s3" and lineage[-1] in PATH_COMMANDS:
        paths = parsed.paths if isinstance(parsed.paths, list) else [parsed.paths]
        params = {"dir_op": bool(getattr(parsed, "dir_op", False))}
        check = CommandParameters(lineage[-1], params, "")
        try:
            check.check_path_type(paths)
            check.parameters["src"] = paths[0]
            check.parameters["dest"] = paths[1] if len(paths) == 2 else paths[0]
            check._validate_streaming_paths()
        except (ValueError, TypeError) as e:
            raise Refused(f"aws {' '.join(lineage)}: {e}")


def check(driver, argv):
    argv, binary_format = strip_v2_globals(argv)
    command_table = driver._get_command_table()
    parser = driver._create_parser(command_table)
    parsed, remaining = parse(parser, argv)
    if parsed is None:
        return
    if parsed.query is not None:
        try:
            jmespath.compile(parsed.query)
        except jmespath.exceptions.JMESPathError as e:
            raise Refused(f"--query is not a JMESPath expression: {str(e).splitlines()[0]}")
    name = parsed.command
    command = command_table[name]
    if isinstance(command, ServiceCommand):
        if not remaining or remaining[0].startswith("-"):
            raise Refused(f"aws {name}: a command is required")
        check_service_operation(command, remaining[0], remaining[1:], binary_format)
    else:
        check_custom_command(command, remaining, [name])


def main():
    commands = json.load(sys.stdin)
    driver = create_clidriver()
    errors = []
    for c in commands:
        try:
            check(driver, c["argv"])
        except Refused as e:
            errors.append({"where": c["where"], "error": str(e)})
    json.dump(errors, sys.stdout)


if __name__ == "__main__":
    main()
