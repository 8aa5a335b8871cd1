import Foundation

// Text similarity for supply–demand matchmaking (Policy L3): a demand's text against what a
// supplier offers and makes. Chinese needs no word segmenter here: overlapping character bigrams
// carry most of the meaning of product names ("伺服电机", "晶圆清洗"); Latin words and numbers
// count whole ("IATF16949", "304"). Weighted by TF-IDF over the candidates compared, cosine.

public enum TextSimilarity {
    /// The terms of a text: bigrams of each run of CJK characters (a lone character counts as
    /// itself), lower-cased runs of letters and digits.
    public static func terms(_ text: String) -> [String] {
        var out: [String] = []
        var cjk: [Character] = []
        var word = ""
        func flushCJK() {
            if cjk.count == 1 { out.append(String(cjk[0])) }
            if cjk.count > 1 { for i in 0..<(cjk.count - 1) { out.append(String(cjk[i]) + String(cjk[i + 1])) } }
            cjk.removeAll(keepingCapacity: true)
        }
        func flushWord() {
            if word.count >= 2 { out.append(word) }
            word = ""
        }
        for ch in text {
            if isCJK(ch) {
                flushWord()
                cjk.append(ch)
            } else if ch.isLetter || ch.isNumber {
                flushCJK()
                word.append(contentsOf: ch.lowercased())
            } else {
                flushCJK()
                flushWord()
            }
        }
        flushCJK()
        flushWord()
        return out
    }

    static func isCJK(_ ch: Character) -> Bool {
        guard let s = ch.unicodeScalars.first, ch.unicodeScalars.count == 1 else { return false }
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF: return true
        default: return false
        }
    }

    /// Term counts of a text.
    public static func counts(_ text: String) -> [String: Int] {
        terms(text).reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// TF-IDF cosine similarity of `query` with each document, in 0…1. The inverse document
    /// frequency is taken over the documents and the query together (smoothed), so a term every
    /// candidate shares ("有限公司") weighs little and a rare one ("碳化硅") much.
    public static func scores(query: String, documents: [String]) -> [Double] {
        let q = counts(query)
        guard !q.isEmpty else { return Array(repeating: 0, count: documents.count) }
        let docs = documents.map(counts)
        var df: [String: Int] = [:]
        for d in docs { for t in d.keys where q[t] != nil { df[t, default: 0] += 1 } }
        let n = Double(docs.count + 1)
        func idf(_ t: String) -> Double { log((n + 1) / (Double(df[t, default: 0]) + 1)) + 1 }
        var qNorm = 0.0
        var qWeights: [String: Double] = [:]
        for (t, c) in q {
            let w = Double(c) * idf(t)
            qWeights[t] = w
            qNorm += w * w
        }
        qNorm = qNorm.squareRoot()
        return docs.map { d in
            guard !d.isEmpty, qNorm > 0 else { return 0 }
            var dot = 0.0
            var norm = 0.0
            for (t, c) in d {
                // Terms absent from the query only lengthen the document: their idf is the
                // smoothed maximum, as if no other document held them.
                let w = Double(c) * (qWeights[t] != nil ? idf(t) : log(n + 1) + 1)
                norm += w * w
                if let qw = qWeights[t] { dot += qw * w }
            }
            guard norm > 0 else { return 0 }
            return min(1, max(0, dot / (qNorm * norm.squareRoot())))
        }
    }
}
