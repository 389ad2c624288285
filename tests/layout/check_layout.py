#!/usr/bin/python3
"""The layout DESIGN.md draws, checked from the files so that it stays true:

- no include cycle in src/ (a module is foo.c with foo.h and foo-private.h);
- src/core includes no GTK, libadwaita or libnm header;
- each room of src/core includes only its own headers and those of the
  floors below it, in the order of DESIGN.md's "Floors:" line;
- src/nm and src/helper use only the core; src/cli and src/app do not use
  each other.

Usage: check_layout.py SOURCE-ROOT
Prints every rule broken, with the file and the line, and exits 1 if any.
"""

import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]')
FORBIDDEN_IN_CORE = re.compile(r'^(gtk/|gdk/|adwaita\.h|NetworkManager\.h|libnm/|nm-)')


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
