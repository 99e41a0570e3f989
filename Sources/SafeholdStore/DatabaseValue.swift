#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// A value as SQLite stores it: one of its five storage classes.
enum DatabaseValue: Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A Swift value that binds to a statement parameter.
protocol DatabaseValueConvertible {
    var databaseValue: DatabaseValue { get }
}

extension Optional: DatabaseValueConvertible where Wrapped: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { self?.databaseValue ?? .null }
}

extension Int64: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .integer(self) }
}

extension Int: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .integer(Int64(self)) }
}

extension Bool: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .integer(self ? 1 : 0) }
}

extension String: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .text(self) }
}

extension Data: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .blob(self) }
}

extension Identifier: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .text(rawValue) }
}

/// Dates are stored as integer milliseconds since 1970, so a stored date is rounded to the
/// nearest millisecond and reads back as that rounded value.
extension Date: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .integer(millisecondsSince1970) }

    var millisecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded())
    }

    init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }
}
