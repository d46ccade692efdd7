/// At most `limit` events in any window of `window`: the bookkeeping shared by the client's
/// limiter and the sandbox's server-side limit.
package struct SlidingWindow: Sendable {
    package let limit: Int
    package let window: Duration
    private var times: [Duration] = []

    package init(limit: Int, window: Duration = .seconds(60)) {
        self.limit = limit
        self.window = window
    }

    /// Reserves the earliest slot at or after `now` and returns its time.
    package mutating func reserve(at now: Duration) -> Duration {
        guard limit > 0 else { return now }
        prune(before: now - window)
        var slot = now
        if times.count >= limit {
            slot = max(now, times[times.count - limit] + window)
        }
        times.append(slot)
        return slot
    }

    /// Records an event at `now` if the window has room; otherwise returns how long until it will.
    package mutating func admit(at now: Duration) -> Duration? {
        guard limit > 0 else { return nil }
        prune(before: now - window)
        if times.count >= limit {
            return times[times.count - limit] + window - now
        }
        times.append(now)
        return nil
    }

    private mutating func prune(before cutoff: Duration) {
        // Slots may lie in the future (reserved); only drop those that have left the window.
        if let firstKept = times.firstIndex(where: { $0 > cutoff }) {
            times.removeFirst(firstKept)
        } else {
            times.removeAll()
        }
    }
}
