#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds the candidate that a mistyped word most likely meant, for "did you mean" hints.
enum ClosestMatch {
    /// Returns the candidate nearest to `word` by edit distance (a swap of two neighbouring
    /// characters counts as one edit), allowing 1 edit for words of up to 4 characters and 2 for
    /// longer ones. Without one, returns the only candidate that starts with `word` (3 or more
    /// characters), or nil. Ties go to the earlier candidate.
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let limit = word.count <= 4 ? 1 : 2
        var best: (candidate: String, distance: Int)? = nil
        for candidate in candidates {
            let distance = editDistance(word, candidate)
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        if let best {
            return best.candidate
        }

        let extensions = candidates.filter { $0.hasPrefix(word) }
        if word.count >= 3, extensions.count == 1 {
            return extensions[0]
        }
        return nil
    }

    /// Returns the optimal-string-alignment distance: insertions, deletions, substitutions and
    /// swaps of neighbouring characters, each one edit.
    static func editDistance(_ first: String, _ second: String) -> Int {
        let a = Array(first)
        let b = Array(second)
        if a.isEmpty || b.isEmpty {
            return max(a.count, b.count)
        }

        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count {
            table[i][0] = i
        }
        for j in 0...b.count {
            table[0][j] = j
        }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
