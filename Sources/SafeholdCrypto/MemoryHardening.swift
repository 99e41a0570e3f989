#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium
import Glibc

/// Process-wide protections for the process that keeps the master key in memory.
public enum MemoryHardening {
    /// Locks every current and future page of the process in memory (`mlockall`), so that no
    /// secret is swapped out, and returns whether it did.
    ///
    /// It acts only when `RLIMIT_MEMLOCK` is unlimited. With a finite limit, `MCL_FUTURE` would
    /// make later allocations fail once the limit is reached. In that case it returns false and
    /// the process relies on `sodium_malloc`, which locks each secret's pages on its own.
    public static func lockAll() -> Bool {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(__RLIMIT_MEMLOCK.rawValue), &limit) == 0 else { return false }
        // RLIM_INFINITY is all bits set; Swift cannot import its macro.
        guard limit.rlim_cur == rlim_t.max else { return false }

        return mlockall(MCL_CURRENT | MCL_FUTURE) == 0
    }

    /// Sets the core file size limit to 0 and marks the process not dumpable
    /// (`prctl(PR_SET_DUMPABLE, 0)`), so that a crash writes no memory to disk and no other
    /// process of the same user can attach to read it. Returns whether both took effect.
    public static func disableCoreDumps() -> Bool {
        var limit = rlimit(rlim_cur: 0, rlim_max: 0)
        let limited = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit) == 0
        return limited && safehold_disable_dumpable() == 0
    }
}
