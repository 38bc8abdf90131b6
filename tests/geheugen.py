"""A process's own peak memory, for the benches (Linux).

resource.getrusage(RUSAGE_SELF).ru_maxrss is not a process's own peak: Linux keeps it across
execve, and subprocess starts its child with vfork, so a fresh child reports the larger of its
own peak and the peak of the process that started it (the pytest process, which built the
dataset and ran the recomputations); and in one process it is a high-water mark since start, so
it cannot show what a later step took. VmHWM in /proc/self/status is the peak of the process's
own address space, and writing 5 to /proc/self/clear_refs resets it to the current RSS.
"""


def piek_mb() -> float:
    """The peak resident memory of this process's own address space (VmHWM), in MB."""
    with open("/proc/self/status") as status:
        for regel in status:
            if regel.startswith("VmHWM:"):
                return int(regel.split()[1]) / 1024
    raise RuntimeError("geen VmHWM in /proc/self/status")


def reset_piek() -> None:
    """Start the peak (VmHWM) again from the current resident memory."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")
