/// The one conversion between `Duration` and fractional seconds, for every layer above TwinHTTP.
extension Duration {
    /// The duration in seconds as a `Double`.
    package var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// The longest duration ``seconds(fractional:)`` makes: about 31 700 years, far inside `Int64` milliseconds.
    package static let longestFractional = Duration.seconds(1_000_000_000_000)

    /// A duration from fractional seconds, clamped to `0...longestFractional` (NaN is zero), so no value traps.
    package static func seconds(fractional value: Double) -> Duration {
        guard value.isFinite, value > 0 else { return value == .infinity ? longestFractional : .zero }
        guard value < longestFractional.seconds else { return longestFractional }
        return .milliseconds(Int64((value * 1000).rounded()))
    }
}
