"""What a test started is ended, whatever ends the test.

Labs and tests record here the processes they start, the network namespaces
and the temporary directories they make, and forget them once they have
ended or removed them themselves.  Whatever is still recorded when the
program ends is torn down: at a normal exit (atexit), and on SIGTERM (what
meson's timeout sends) and SIGINT.  A handler that raised SystemExit would
not do: unittest catches it inside a test and carries on with the next one.

meson sends SIGTERM to the test's process group and SIGKILL half a second
later, and the servers of a lab live in sessions of their own (that SIGKILL
does not reach them).  So on a signal every recorded process is sent SIGTERM
at once, and the rest (waiting for them, SIGKILL for those that linger,
deleting the namespaces, removing the directories) is done by a child in a
session of its own, which finishes even when the test itself is killed.

Only what was recorded is touched: processes by their own id (their process
group when they were started in a session of their own), and processes whose
network namespace is one the test made.  Nothing is looked up by name.

ALTOSCOPE_LABS_PIDFILE=PATH: each recorded process and namespace is also
appended to PATH, one "pid PID NAME" / "netns NAME" / "dir PATH" a line, so
that a caller can check afterwards that none survived.
"""

import atexit
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

_order = itertools.count()
_procs = {}       # pid -> (order, group: bool)
_netns = {}       # name -> order
_dirs = {}        # path -> order
_empty_dirs = {}  # path -> order: removed only when empty (shared with others)
_calls = {}       # token -> (order, fn, args): anything else, e.g. a server thread
_installed = False


def _note(line):
    path = os.environ.get("ALTOSCOPE_LABS_PIDFILE")
    if path:
        with open(path, "a") as f:
            f.write(line + "\n")


def install(interrupt=False):
    """Installs the SIGTERM and SIGINT handlers and the atexit hook (once;
    the handlers only from the main thread, where Python allows them).

    interrupt: for a program run by hand, not under unittest, whose own
    finally blocks undo what it made: both signals raise KeyboardInterrupt,
    and what is still recorded is torn down at exit."""
    global _installed
    if _installed:
        return
    _installed = True
    atexit.register(run)
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, _interrupt if interrupt else _on_signal)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


# -- recording ---------------------------------------------------------------
def track(proc, group=None, name=None):
    """proc (a Popen) is ended at teardown.  group: it was started with
    start_new_session, so its process group is ended (guessed when None)."""
    install()
    if group is None:
        try:
            group = os.getpgid(proc.pid) == proc.pid
        except OSError:
            group = False
    _procs[proc.pid] = (next(_order), group)
    if name is None:
        argv = proc.args if isinstance(proc.args, (list, tuple)) else [proc.args]
        name = os.path.basename(str(argv[0]))
    _note(f"pid {proc.pid} {name}")
    return proc


def track_pid(pid, group=False, name="process"):
    """A process this test started that is not its child (one that forked
    into the background), by its id."""
    install()
    _procs[pid] = (next(_order), group)
    _note(f"pid {pid} {name}")


def untrack_pid(pid):
    _procs.pop(pid, None)


def untrack(proc):
    if proc is not None:
        _procs.pop(proc.pid, None)


def track_netns(name):
    install()
    _netns[name] = next(_order)
    _note(f"netns {name}")


def untrack_netns(name):
    _netns.pop(name, None)


def track_dir(path):
    install()
    _dirs[path] = next(_order)
    _note(f"dir {path}")
    return path


def untrack_dir(path):
    _dirs.pop(path, None)


def track_empty_dir(path):
    """path (made by the test, but others may put things in it too) is
    removed at teardown if it is empty by then."""
    install()
    _empty_dirs[path] = next(_order)


def untrack_empty_dir(path):
    _empty_dirs.pop(path, None)


def scratch_dir(prefix):
    """tempfile.mkdtemp(prefix=prefix), removed at teardown at the latest."""
    return track_dir(tempfile.mkdtemp(prefix=prefix))


def remove_dir(path):
    """Removes a directory made by scratch_dir (or recorded) now."""
    shutil.rmtree(path, ignore_errors=True)
    untrack_dir(path)


def on_teardown(fn, *args):
    """fn(*args) at teardown, before processes are ended; returns a token for
    forget().  Run in the test's own process, so only for quick things."""
    install()
    token = next(_order)
    _calls[token] = (token, fn, args)
    return token


def forget(token):
    _calls.pop(token, None)


# -- ending --------------------------------------------------------------------
def _signal(pid, group, signum):
    try:
        if group:
            os.killpg(pid, signum)
        else:
            os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def _gone(pid):
    """True once pid has ended: reaped here, or a zombie or gone when it is
    not this process's child."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return True
    except ChildProcessError:
        pass
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        return state in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return True


def end_process(proc, timeout=10.0, group=None):
    """Ends proc (a Popen) by its id, or its process group when it leads
    one: SIGTERM, then SIGKILL after timeout.  Safe to call again, and from
    code that a signal may interrupt (it never blocks in Popen.wait)."""
    if proc is None:
        return
    if group is None:
        group = _procs.get(proc.pid, (0, None))[1]
        if group is None:
            try:
                group = os.getpgid(proc.pid) == proc.pid
            except OSError:
                group = False
    if proc.poll() is None:
        _end_pids({proc.pid: group}, timeout, gone=lambda _: proc.poll() is not None)
    untrack(proc)


def _group_members(pgid):
    """The live processes of process group pgid (zombies are ended)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            members.append(int(entry))
    return members


def end_group(proc, timeout=10.0):
    """Ends proc (a Popen that leads its own process group) and everything
    still in its group, and returns once none is left: a session bus's
    activated services (dconf-service) outlive the bus for a moment and
    write into the home a test is about to remove."""
    if proc is None:
        return
    pgid = proc.pid

    def emptied(wait):
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            proc.poll()   # reaps the leader, which is our child
            if not _group_members(pgid):
                return True
            time.sleep(0.02)
        return False

    # The group keeps its id while the leader, our child, is not reaped;
    # once it is reaped and the group is empty, the id is no longer ours.
    if proc.poll() is None or _group_members(pgid):
        _signal(pgid, True, signal.SIGTERM)
        if not emptied(timeout) and _group_members(pgid):
            _signal(pgid, True, signal.SIGKILL)
            emptied(5.0)
    proc.poll()
    untrack(proc)


def _end_pids(pids, timeout, gone=None):
    gone = gone or _gone
    for pid, group in pids.items():
        _signal(pid, group, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    left = dict(pids)
    while left and time.monotonic() < deadline:
        left = {p: g for p, g in left.items() if not gone(p)}
        if left:
            time.sleep(0.02)
    for pid, group in left.items():
        _signal(pid, group, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while left and time.monotonic() < deadline:
        left = {p: g for p, g in left.items() if not gone(p)}
        if left:
            time.sleep(0.02)


def _netns_inode(name):
    try:
        st = os.stat(f"/run/netns/{name}")
        return (st.st_dev, st.st_ino)
    except OSError:
        return None


def processes_in_netns(name):
    """The ids of the processes whose network namespace is name."""
    want = _netns_inode(name)
    if want is None:
        return []
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            st = os.stat(f"/proc/{entry}/ns/net")
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == want:
            pids.append(int(entry))
    return pids


def delete_netns(name, timeout=5.0):
    """Ends every process still inside namespace name (it was made by the
    test: whatever runs there, the test started) and deletes it."""
    pids = processes_in_netns(name)
    if pids:
        _end_pids({p: False for p in pids}, timeout)
    subprocess.run(["ip", "netns", "del", name], capture_output=True)
    untrack_netns(name)


def run(timeout=10.0):
    """Tears down whatever is still recorded, newest first.  Idempotent."""
    for token in sorted(_calls, reverse=True):
        _, fn, args = _calls.pop(token)
        try:
            fn(*args)
        except Exception as e:   # noqa: BLE001 - teardown goes on
            print(f"teardown: {fn!r} failed: {e}", file=sys.stderr)
    pids = {pid: g for pid, (_, g) in sorted(_procs.items(), key=lambda i: -i[1][0])}
    _procs.clear()
    if pids:
        _end_pids(pids, timeout)
    for name in sorted(_netns, key=_netns.get, reverse=True):
        delete_netns(name)
    for path in sorted(_dirs, key=_dirs.get, reverse=True):
        shutil.rmtree(path, ignore_errors=True)
    _dirs.clear()
    for path in sorted(_empty_dirs, key=_empty_dirs.get, reverse=True):
        try:
            os.rmdir(path)
        except OSError:
            pass
    _empty_dirs.clear()


def _on_signal(signum, frame):
    for s in (signal.SIGTERM, signal.SIGINT):
        signal.signal(s, signal.SIG_IGN)
    try:
        print(f"teardown: signal {signum}: ending what the test started", file=sys.stderr,
              flush=True)
        sys.stdout.flush()
    except Exception:   # noqa: BLE001
        pass
    for _, fn, args in sorted(_calls.values(), key=lambda c: -c[0]):
        try:
            fn(*args)
        except Exception:   # noqa: BLE001
            pass
    _calls.clear()
    # At once, before meson's SIGKILL can come: every server gets SIGTERM.
    for pid, (_, group) in _procs.items():
        _signal(pid, group, signal.SIGTERM)
    child = os.fork()
    if child == 0:
        try:
            os.setsid()    # out of the test's process group: meson's SIGKILL misses it
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(60)   # never outlives the test for long, whatever happens here
            run()
        finally:
            os._exit(0)
    # Reap what ends meanwhile, wait for the child, then go.
    try:
        os.waitpid(child, 0)
    except ChildProcessError:
        pass
    for pid in list(_procs):
        _gone(pid)
    os._exit(128 + signum)
