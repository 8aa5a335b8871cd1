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
        return isCJK(scalar: s.value)
    }

    @inline(__always) static func isCJK(scalar v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xF900...0xFAFF).contains(v)
    }

    /// Term counts of a text.
    public static func counts(_ text: String) -> [String: Int] {
        terms(text).reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// TF-IDF cosine similarity of `query` with each document, in 0…1. The inverse document
    /// frequency is taken over the documents and the query together (smoothed), so a term every
    /// candidate shares ("有限公司") weighs little and a rare one ("碳化硅") much.
    public static func scores(query: String, documents: [String]) -> [Double] {
        scores(query: TermVector(query), documents: documents.map(TermVector.init))
    }

    /// The same on term vectors made beforehand: per document, work only on the query's terms.
    /// Terms absent from the query only lengthen a document: their idf is the smoothed maximum,
    /// as if no other document held them, so a document's norm² is
    /// maxIdf²·Σc² − Σ over the query's terms of c²·(maxIdf² − idf²).
    public static func scores(query q: TermVector, documents docs: [TermVector]) -> [Double] {
        let terms = q.ids.count
        guard terms > 0 else { return Array(repeating: 0, count: docs.count) }
        var found = [Int32](repeating: 0, count: docs.count * terms)
        var df = [Int](repeating: 0, count: terms)
        for (d, doc) in docs.enumerated() where !doc.isEmpty {
            for j in 0..<terms {
                let c = doc.count(of: q.ids[j])
                if c > 0 {
                    found[d * terms + j] = c
                    df[j] += 1
                }
            }
        }
        let n = Double(docs.count + 1)
        let maxIdf = log(n + 1) + 1
        let idf = df.map { log((n + 1) / (Double($0) + 1)) + 1 }
        var qNorm = 0.0
        var qWeights = [Double](repeating: 0, count: terms)
        for j in 0..<terms {
            qWeights[j] = Double(q.counts[j]) * idf[j]
            qNorm += qWeights[j] * qWeights[j]
        }
        qNorm = qNorm.squareRoot()
        var out = [Double](repeating: 0, count: docs.count)
        for (d, doc) in docs.enumerated() where !doc.isEmpty && qNorm > 0 {
            var dot = 0.0
            var norm = maxIdf * maxIdf * doc.sumSquares
            for j in 0..<terms {
                let c = Double(found[d * terms + j])
                guard c > 0 else { continue }
                dot += qWeights[j] * c * idf[j]
                norm -= c * c * (maxIdf * maxIdf - idf[j] * idf[j])
            }
            guard norm > 0, dot > 0 else { continue }
            out[d] = min(1, max(0, dot / (qNorm * norm.squareRoot())))
        }
        return out
    }
}
