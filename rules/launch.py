"""What a process runs: the program its real executable is, or the one that program runs.

An interpreter, the Java launcher, Wine or the dynamic loader run another program, named on
their command line. Which one of them a process is comes from its executable as the OS tells
it, never from argv[0], which the child chooses (`exec -a firefox python3 game.py` is python
running game.py; a game started as `exec -a python3 ./game` is the game). Code given inline,
on stdin or by module name cannot be named by a file: such a process runs an unknown program.
Pure: paths are canonicalised by a function the caller passes in.
"""

from __future__ import annotations

import ntpath
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

Canonical = Callable[[str], str]
"""The canonical form of an absolute path (symlinks and `..` resolved)."""


@dataclass(frozen=True, slots=True)
class Launch:
    """What a process runs, told by its real executable and its arguments."""

    target: str | None = None
    """The script, archive or program a wrapper or the loader runs: a canonical path when
    `file`, else a module or class name."""
    file: bool = True
    app_id: str | None = None
    """An app id the wrapper names (flatpak run, snap run)."""
    unknown: bool = False
    """It runs code no file names: given inline (-c, -e), on stdin, by module name, or by a
    wrapper or loader whose program is missing. Never allowed by an allowlist or downtime."""


def program_name(path: str) -> str:
    """A program's file name, lowercase, without folders and without ".exe"."""
    base = path.replace("\\", "/").rsplit("/", 1)[-1].casefold()
    return base[:-4] if base.endswith(".exe") else base


def family(name: str) -> str:
    """python3.11 → python, pythonw3 → pythonw: programs by family."""
    return re.sub(r"[0-9.]+$", "", name)


def normalised(path: str) -> str:
    """`..` and `.` folded away by text alone, for callers that cannot ask the file system."""
    if re.match(r"^[A-Za-z]:[\\/]", path) or path.startswith("\\"):
        return ntpath.normpath(path)
    return posixpath.normpath(path)


def _resolved(target: str, cwd: Callable[[], str], canonical: Canonical = normalised) -> str:
    """A path as the process opens it: relative ones from its working folder (asked only for
    them), canonical."""
    if target.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", target):
        return canonical(target)
    folder = cwd()
    if not folder:
        return canonical(target)
    separator = "\\" if "\\" in folder and "/" not in folder else "/"
    return canonical(folder.rstrip("/\\") + separator + target)


# --- how each program family names what it runs ------------------------------------------------


def _prefixes(word: str, shortest: int) -> frozenset[str]:
    """PowerShell takes any unambiguous prefix of a parameter: -c, -co, … -command."""
    return frozenset(word[:length] for length in range(shortest, len(word) + 1))


@dataclass(frozen=True, slots=True)
class _Syntax:
    """How an interpreter's command line names the code it runs."""

    inline: frozenset[str] = frozenset()
    """Options whose value (or presence) is code: -c, -e, interactive and stdin switches."""
    module: frozenset[str] = frozenset()
    """Options whose value names a module to run (python -m)."""
    script: frozenset[str] = frozenset()
    """Options whose value is the script file (powershell -File, php -f)."""
    valued: frozenset[str] = frozenset()
    """Other options that take a value, attached or as the next word."""
    attached: frozenset[str] = frozenset()
    """Letters of a cluster that take the rest of it as their value (perl -Mstrict)."""
    cluster: bool = False
    """Short options cluster: `bash -lc CODE`, `python3 -uc CODE`, `python3 -cCODE`."""
    plus: bool = False
    """Options may also start with "+" (shells' `+o`)."""
    positional_code: bool = False
    """A bare word is code, not a script (Windows PowerShell's -Command is positional)."""
    fold: bool = False
    """Options ignore case and may start with "/" (PowerShell)."""


def _options(*words: str) -> frozenset[str]:
    return frozenset(words)


_SHELL = _Syntax(
    inline=_options("-c", "-s"),
    valued=_options("-o", "+o", "-O", "+O", "--rcfile", "--init-file"),
    cluster=True,
    plus=True,
)
_FISH = _Syntax(
    inline=_options("-c", "--command", "-C", "--init-command"),
    valued=_options("--features", "-d", "--debug", "-o", "--debug-output"),
    cluster=True,
)
_PYTHON = _Syntax(
    inline=_options("-c"),
    module=_options("-m"),
    valued=_options("-W", "-X", "--check-hash-based-pycs"),
    cluster=True,
)
_POWERSHELL = _Syntax(
    inline=_prefixes("-command", 2) | _prefixes("-encodedcommand", 2) | {"-ec"},
    script=_prefixes("-file", 2),
    valued=_prefixes("-executionpolicy", 3)
    | _prefixes("-workingdirectory", 3)
    | _prefixes("-windowstyle", 3)
    | _prefixes("-inputformat", 3)
    | _prefixes("-outputformat", 3)
    | _prefixes("-configurationname", 4)
    | _prefixes("-settingsfile", 3)
    | _prefixes("-custompipename", 3)
    | _prefixes("-psconsolefile", 3)
    | _prefixes("-version", 2)
    | {"-ep", "-wd", "-if", "-of"},
    fold=True,
)
_NODE_VALUED = _options(
    "-r", "--require", "--import", "--loader", "--experimental-loader", "--input-type", "-C",
    "--conditions",
)  # fmt: skip
_DOTNET_VALUED = _options(
    "--additionalprobingpath", "--depsfile", "--runtimeconfig", "--fx-version", "--roll-forward",
    "--additional-deps",
)  # fmt: skip
_SYNTAX: dict[str, _Syntax] = {
    **dict.fromkeys(("bash", "sh", "dash", "zsh", "ksh", "mksh"), _SHELL),
    "fish": _FISH,
    **dict.fromkeys(("python", "pythonw", "pypy"), _PYTHON),
    "perl": _Syntax(
        inline=_options("-e", "-E"),
        attached=_options("-I", "-M", "-m", "-x", "-i", "-C", "-d", "-D"),
        cluster=True,
    ),
    "ruby": _Syntax(
        inline=_options("-e"),
        valued=_options("-C", "-I", "-r", "-E", "--encoding"),
        attached=_options("-x", "-0", "-F", "-W", "-T", "-i", "-K"),
        cluster=True,
    ),
    **dict.fromkeys(
        ("node", "nodejs"),
        _Syntax(
            inline=_options("-e", "--eval", "-p", "--print", "-i", "--interactive"),
            valued=_NODE_VALUED,
            cluster=True,
        ),
    ),
    "php": _Syntax(
        inline=_options("-r", "-B", "-R", "-F", "-E", "-a"),
        script=_options("-f"),
        valued=_options("-c", "-d", "-z", "-t"),
    ),
    **dict.fromkeys(("lua", "luajit"), _Syntax(inline=_options("-e", "-i"), valued=_options("-l"))),
    "osascript": _Syntax(inline=_options("-e"), valued=_options("-l", "-s")),
    "gjs": _Syntax(
        inline=_options("-c", "--command"),
        script=_options("-m", "--module"),
        valued=_options("-I", "--include-path"),
    ),
    "powershell": replace(_POWERSHELL, positional_code=True),
    "pwsh": _POWERSHELL,
    "mono": _Syntax(valued=_options("--config")),
    "dotnet": _Syntax(valued=_DOTNET_VALUED),
    "love": _Syntax(),
    "gjs-console": _Syntax(inline=_options("-c", "--command")),
}
_JAVA = {"java", "javaw"}
_JAVA_VALUED = _options(
    "-cp", "-classpath", "--class-path", "-p", "--module-path", "--upgrade-module-path",
    "--add-modules", "--add-opens", "--add-exports", "--add-reads", "--limit-modules",
    "--patch-module", "--source", "--enable-native-access",
)  # fmt: skip
_WINE = {"wine", "wine64", "wine-preloader", "wine64-preloader", "proton"}
_LOADER = re.compile(r"ld(64)?([-.][\w.-]*)?\.so(\.[0-9]+)*")
"""The dynamic loader's file names: ld-linux-x86-64.so.2, ld-linux.so.2, ld-musl-x86_64.so.1,
ld64.so.2, ld.so."""
_LOADER_VALUED = _options(
    "--library-path", "--inhibit-rpath", "--audit", "--preload", "--argv0",
    "--glibc-hwcaps-prepend", "--glibc-hwcaps-mask",
)  # fmt: skip
_UNKNOWN = Launch(unknown=True)
LOADER_DEPTH = 3
"""How many programs deep `ld.so python3 game.py` is followed."""


def launch(
    exe: str,
    cmdline: tuple[str, ...],
    cwd: Callable[[], str] = str,
    canonical: Canonical = normalised,
) -> Launch:
    """What a process whose real executable is `exe` runs, given its command line.

    `python3 game.py` → game.py; `java -jar mc.jar` → mc.jar; `java -cp x net.Main` → the class
    net.Main; `wine game.exe` → game.exe; `ld-linux-x86-64.so.2 ./game` → game;
    `flatpak run org.x.App` → app id org.x.App; `python3 -c …`, `python3 -` → unknown; a program
    that runs no other → nothing (it is the program). Relative paths are resolved from `cwd`
    (asked only when needed) and canonicalised. argv[0] never says which program runs.
    """
    if not exe:
        return _UNKNOWN  # the OS would not say which program runs: argv[0] is the child's word
    program, args = exe, list(cmdline[1:])
    for _ in range(LOADER_DEPTH):
        name = program_name(program)
        if not _LOADER.fullmatch(name):
            # Wine's preloader shows the Windows program as argv[0]; nothing else reads argv[0].
            first = cmdline[0] if program == exe and cmdline else program
            found = _run_by(family(name), [first, *args], args)
            if found is None:
                return Launch() if program == exe else Launch(target=program)
            if found.target is None or not found.file:
                return found
            return Launch(target=_resolved(found.target, cwd, canonical))
        loaded = _loaded(args)
        if loaded is None:
            return _UNKNOWN
        target, args = loaded
        program = _resolved(target, cwd, canonical)
    return _UNKNOWN


def _loaded(args: list[str]) -> tuple[str, list[str]] | None:
    """The program the dynamic loader runs, and its arguments; None without one (`--list`)."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in _LOADER_VALUED:
            index += 2
        elif arg.startswith("-"):
            if arg in ("--list", "--verify", "--help", "--version") or arg.startswith("--list-"):
                return None
            index += 1
        else:
            return arg, args[index + 1 :]
    return None


def _run_by(kind: str, words: list[str], args: list[str]) -> Launch | None:
    """What a program of this family runs (target still relative); None: not a wrapper."""
    if kind in ("flatpak", "snap"):
        if args[:1] != ["run"]:
            return Launch()
        rest = [a for a in args[1:] if not a.startswith("-")]
        return Launch(app_id=rest[0] if rest else None, unknown=not rest)
    if kind in _WINE:
        rest = [w for w in words if not w.startswith("-")]
        while rest and (family(program_name(rest[0])) in _WINE or rest[0] == "run"):
            rest = rest[1:]
        return Launch(target=rest[0]) if rest else _UNKNOWN
    if kind in _JAVA:
        return _java(args)
    syntax = _SYNTAX.get(kind)
    return None if syntax is None else _interpreted(syntax, args)


def _java(args: list[str]) -> Launch:
    index = 0
    while index < len(args):
        arg = args[index]
        following = args[index + 1] if index + 1 < len(args) else None
        if arg == "-jar":
            return Launch(target=following) if following else _UNKNOWN
        if arg in ("-m", "--module"):
            return Launch(target=following, file=False) if following else _UNKNOWN
        if arg in _JAVA_VALUED:
            index += 2
        elif arg.startswith("-"):
            index += 1
        elif arg.endswith(".java"):
            return Launch(target=arg)  # a single source file
        else:
            return Launch(target=arg, file=False)  # a main class, found on the class path
    return _UNKNOWN


def _interpreted(syntax: _Syntax, args: list[str]) -> Launch:
    """The script an interpreter runs, or unknown for inline code, stdin or a module."""
    index = 0
    while index < len(args):
        arg = args[index]
        word = _folded(arg) if syntax.fold else arg
        following = args[index + 1] if index + 1 < len(args) else None
        key = word.split("=", 1)[0] if word.startswith("--") else word
        value = word.split("=", 1)[1] if key != word else following
        if word == "--":
            return Launch(target=following) if following else _UNKNOWN
        if word == "-" or key in syntax.inline:
            return _UNKNOWN
        if key in syntax.module:
            return Launch(target=value, file=False, unknown=True) if value else _UNKNOWN
        if key in syntax.script:
            return Launch(target=value) if value else _UNKNOWN
        if key in syntax.valued:
            index += 1 if key != word else 2
            continue
        if word.startswith("-") or (syntax.plus and word.startswith("+")):
            if syntax.cluster and not word.startswith("--"):
                found = _cluster(syntax, word, following)
                if found is not None:
                    return found
                if _takes_next(syntax, word):
                    index += 1
            index += 1
            continue
        return _UNKNOWN if syntax.positional_code else Launch(target=arg)
    return _UNKNOWN  # no script: a prompt, or code piped in on stdin


def _folded(arg: str) -> str:
    """PowerShell's options ignore case and may start with "/" (not a path: no more slashes)."""
    if arg.startswith("/") and "/" not in arg[1:] and "\\" not in arg:
        arg = "-" + arg[1:]
    return arg.casefold()


def _cluster(syntax: _Syntax, word: str, following: str | None) -> Launch | None:
    """What a cluster of short options (`-uc`, `-cCODE`, `-mmodule`) runs, if it says."""
    sign = word[0]
    for at in range(1, len(word)):
        letter, rest = sign + word[at], word[at + 1 :]
        if letter in syntax.inline:
            return _UNKNOWN
        if letter in syntax.module:
            name = rest or following
            return Launch(target=name, file=False, unknown=True) if name else _UNKNOWN
        if letter in syntax.valued or letter in syntax.attached:
            return None
    return None


def _takes_next(syntax: _Syntax, word: str) -> bool:
    """Whether a cluster ends in an option whose value is the next word (`-lo pipefail`)."""
    for at in range(1, len(word)):
        letter = word[0] + word[at]
        if letter in syntax.attached:
            return False
        if letter in syntax.valued:
            return at == len(word) - 1
    return False
