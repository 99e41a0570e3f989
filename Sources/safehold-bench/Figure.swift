#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One measured figure: the value of each run, its unit and the target it is held against.
struct Figure: Sendable {
    enum Target: Sendable {
        /// The median must be at least this value (a rate).
        case atLeast(Double)
        /// The median must be at most this value (a time or a size).
        case atMost(Double)
    }

    let name: String
    let unit: String
    let samples: [Double]
    let target: Target?

    init(_ name: String, unit: String, samples: [Double], target: Target? = nil) {
        self.name = name
        self.unit = unit
        self.samples = samples
        self.target = target
    }

    var median: Double {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    var minimum: Double { samples.min() ?? .nan }
    var maximum: Double { samples.max() ?? .nan }

    /// Whether the median meets the target; nil when the figure has none.
    var isMet: Bool? {
        switch target {
        case nil: nil
        case let .atLeast(value)?: median >= value
        case let .atMost(value)?: median <= value
        }
    }

    var targetText: String {
        switch target {
        case nil: ""
        case let .atLeast(value)?: ">= " + Figure.format(value)
        case let .atMost(value)?: "< " + Figure.format(value)
        }
    }

    /// Formats a number with three significant digits, or as a whole number from 1,000 up.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        let magnitude = abs(value)
        if magnitude >= 1000 {
            return groupThousands(Int(value.rounded()))
        }
        let decimals: Int
        if magnitude >= 100 {
            decimals = 0
        } else if magnitude >= 10 {
            decimals = 1
        } else if magnitude >= 1 {
            decimals = 2
        } else {
            decimals = 3
        }
        return fixed(value, decimals: decimals)
    }

    private static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = scaled % Int(scale)
        var text = (value < 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return text
    }

    private static func groupThousands(_ value: Int) -> String {
        let digits = Array(String(abs(value)))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return (value < 0 ? "-" : "") + text
    }
}
