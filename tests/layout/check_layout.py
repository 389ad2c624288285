#!/usr/bin/python3
"""The layout DESIGN.md draws, checked from the files so that it stays true:

- no include cycle in src/ (a module is foo.c with foo.h and foo-private.h);
- src/core includes no GTK, libadwaita or libnm header;
- each room of src/core includes only its own headers and those of the
  floors below it, in the order of DESIGN.md's "Floors:" line;
- src/nm and src/helper use only the core; src/cli and src/app do not use
  each other;
- no function in src/**/*.c is over MAX_FUNCTION_LINES lines, counted from
  the line that names it to its closing brace (issue 19: functions that
  read as steps).

Usage: check_layout.py SOURCE-ROOT
Prints every rule broken, with the file and the line, and exits 1 if any.
"""

import os
import re
import sys

# A result is written by one party per part of it (DESIGN.md): step 1's
# set-up, discovery, and the check runner (its checks); no one else opens
# its private header, directly or through discovery's, with quotes or
# angle brackets.
WRITERS = {
    'altoscope-discovery-private.h': {
        'core/discovery/altoscope-discovery.c',
        'core/discovery/altoscope-discovery-rank.c',
        'core/discovery/altoscope-discovery-private.h',
    },
    'altoscope-target-private.h': {
        'core/model/altoscope-target.c',
        'core/model/altoscope-target-private.h',
        'core/discovery/altoscope-pair-setup.c',
        'core/discovery/altoscope-discovery.c',
        'core/discovery/altoscope-discovery-private.h',
        'core/discovery/altoscope-discovery-rank.c',
        'core/discovery/altoscope-cross-domain.c',
        'core/schedule/altoscope-check-runner.c',
        # a result read back from a report someone sent, as it was written
        'core/report/altoscope-report-read.c',
    },
}

INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]')
FORBIDDEN_IN_CORE = re.compile(r'^(gtk/|gdk/|adwaita\.h|NetworkManager\.h|libnm/|nm-)')

MAX_FUNCTION_LINES = 100
# The line that names a function, GNU style: the name at column 0 (the return
# type on the line above), or "type name (" on one line; the name is the
# identifier right before the first parenthesis.
FUNCTION_NAME = re.compile(r'^(?:[A-Za-z_][\w \t*]*[ \t*])?([A-Za-z_]\w*)\s*\(')
# Blocks at column 0 that are not function bodies: a macro (G_DEFINE_* and the
# like take no body of their own here), a struct, union or enum, a table.
NOT_A_FUNCTION = re.compile(r'^(?:G_[A-Z_]+|struct|union|enum|typedef)\b')


def floors(design):
    """DESIGN.md's "Floors: a < b, c < d" line, as {room: floor number}."""
    with open(design) as f:
        for line in f:
            m = re.match(r'^Floors:\s*(.+?)\s*$', line)
            if m:
                order = {}
                for n, level in enumerate(m.group(1).split('<')):
                    for room in level.split(','):
                        order[room.strip().strip('`')] = n
                return order
    raise SystemExit(f"{design} has no 'Floors:' line")


def sources(root):
    for dirpath, _, names in os.walk(os.path.join(root, 'src')):
        for name in sorted(names):
            if name.endswith(('.c', '.h')):
                yield os.path.join(dirpath, name)


def module(path):
    base = os.path.basename(path)
    return re.sub(r'(-private)?\.[ch]$', '', base)


def includes(path):
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
                yield n, m.group(1), m.group(2)


def functions(path):
    """(name, first line, length) of each function defined in a .c file.

    The tree is GNU style: a body opens with "{" alone at column 0 and closes
    with "}" at column 0, and the line naming the function is the nearest
    line above the "{" that starts at column 0 and is not a comment or a
    preprocessor line (a G_DEFINE_* macro just above a function is never
    that line: the function's own name line comes after it). A "{" whose
    header ends with "=" opens a static table, not a body; a header without
    a parenthesis, or starting with struct, enum, typedef or a G_ macro, is
    not a function either.  The length is None when the body never closes.
    """
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    n = 0
    while n < len(lines):
        if lines[n].rstrip() != '{':
            n += 1
            continue
        open_at = n
        # The header: back to the nearest line at column 0 that is not a
        # comment or preprocessor line (parameters continue indented).
        head = n - 1
        while head >= 0 and (not lines[head][:1].strip() or lines[head].startswith(('/*', ' *', '#'))):
            head -= 1
        header = ' '.join(l.strip() for l in lines[head:open_at])
        m = FUNCTION_NAME.match(lines[head]) if head >= 0 else None
        close = open_at + 1
        while close < len(lines) and not lines[close].startswith('}'):
            close += 1
        if m and not header.rstrip().endswith('=') and not NOT_A_FUNCTION.match(lines[head]):
            # None: the body never closes at column 0, so it cannot be measured.
            yield m.group(1), head + 1, close - head + 1 if close < len(lines) else None
        n = close + 1


def long_functions(root, files):
    for path in files:
        if not path.endswith('.c'):
            continue
        rel = os.path.relpath(path, root)
        for name, line, length in functions(path):
            if length is None:
                yield f"{rel}:{line}: {name} has no closing brace at column 0 to measure it by"
            elif length > MAX_FUNCTION_LINES:
                yield f"{rel}:{line}: {name} is {length} lines (at most {MAX_FUNCTION_LINES})"


def find_cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else '.')
    order = floors(os.path.join(root, 'DESIGN.md'))
    problems = []
    where = {}          # header basename -> its path relative to src/
    files = list(sources(root))
    for path in files:
        if path.endswith('.h'):
            where[os.path.basename(path)] = os.path.relpath(path, os.path.join(root, 'src'))

    graph = {}
    core_rooms = set()
    for path in files:
        rel = os.path.relpath(path, os.path.join(root, 'src'))
        parts = rel.split(os.sep)
        part = parts[0]
        room = parts[1] if part == 'core' and len(parts) > 2 else None
        if part == 'core':
            if room is None:
                problems.append(f"src/{rel}: a core file outside the rooms of DESIGN.md")
            elif room not in order:
                problems.append(f"src/{rel}: room '{room}' is not on DESIGN.md's Floors line")
            else:
                core_rooms.add(room)
        for n, kind, name in includes(path):
            base = os.path.basename(name)
            if base in WRITERS and rel not in WRITERS[base]:
                problems.append(f"src/{rel}:{n}: includes {base}, but only "
                                + ", ".join(sorted(WRITERS[base])) + " may write what it opens")
            if kind == '<':
                if part == 'core' and FORBIDDEN_IN_CORE.match(name):
                    problems.append(f"src/{rel}:{n}: the core includes <{name}>")
                continue
            target = where.get(os.path.basename(name))
            if target is None:
                continue        # config.h and the like
            tparts = target.split(os.sep)
            graph.setdefault(module(path), set()).add(module(target))
            if module(path) == module(target):
                continue
            tpart = tparts[0]
            troom = tparts[1] if tpart == 'core' and len(tparts) > 2 else None
            if part == 'core' and tpart != 'core':
                problems.append(f"src/{rel}:{n}: the core includes {target}")
            elif part == 'core' and room in order and troom in order and troom != room \
                    and order[troom] >= order[room]:
                problems.append(f"src/{rel}:{n}: room '{room}' includes {target}, which is "
                                f"not on a floor below it")
            elif part in ('nm', 'helper') and tpart not in ('core', part):
                problems.append(f"src/{rel}:{n}: src/{part} includes {target}")
            elif part in ('cli', 'app') and tpart in ('cli', 'app') and tpart != part:
                problems.append(f"src/{rel}:{n}: src/{part} includes {target}")

    for comp in find_cycles(graph):
        problems.append("include cycle between modules: " + " ↔ ".join(comp))
    problems.extend(long_functions(root, files))
    missing = set(order) - core_rooms
    for room in sorted(missing):
        problems.append(f"DESIGN.md names a room '{room}' that src/core does not have")

    for p in problems:
        print(p)
    print(f"{len(files)} files, {len(graph)} modules, {len(order)} rooms: "
          f"{len(problems)} rule{'s' if len(problems) != 1 else ''} broken")
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
