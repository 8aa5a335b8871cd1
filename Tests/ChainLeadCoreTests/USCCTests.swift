import Testing

@testable import ChainLeadCore

@Suite struct USCCTests {
    @Test(arguments: ["91350200776049653A", "91440101MA5CJQ4N59", "913502000728319549", "12440600MB2C07549J"])
    func acceptsPolicyVectors(code: String) {
        // act
        let result = USCC.validate(code)
        // check
        #expect((try? result.get())?.value == code)
    }

    @Test func rejectsBadCheckCharacterWithTheExpectedOne() {
        // act
        let result = USCC.validate("91350203M0001QKT19")
        // check
        guard case .failure(let error) = result, case .checksumMismatch(let expected, let found) = error else {
            Issue.record("expected a checksum failure, got \(result)")
            return
        }
        #expect(found == "9")
        #expect(expected == USCC.checkCharacter(for: Array("91350203M0001QKT1")))
        #expect(error.messageZh.contains("校验位"))
        #expect(error.code == "uscc_checksum")
    }

    @Test func namesEachFormatFailure() {
        #expect(USCC.validate("") == .failure(.empty))
        #expect(USCC.validate("   ") == .failure(.empty))
        #expect(USCC.validate("9135020077604965") == .failure(.wrongLength(16)))
        #expect(USCC.validate("91350200776049653AA") == .failure(.wrongLength(19)))
        #expect(USCC.validate("91350200776O49653A") == .failure(.invalidCharacter("O", position: 12)))
        #expect(USCC.validate("9135020077604965SA") == .failure(.invalidCharacter("S", position: 17)))
        #expect(USCC.validate("913502007760496５3A") == .failure(.invalidCharacter("５", position: 16)))
    }

    @Test func trimsAndUppercases() {
        #expect((try? USCC.validate("  91440101ma5cjq4n59 ").get())?.value == "91440101MA5CJQ4N59")
    }

    @Test func everyAlphabetCharacterCanBeACheckCharacter() {
        // setup: vary the 17th character until each check value appears
        var seen = Set<Character>()
        for a in USCC.alphabet {
            for b in USCC.alphabet {
                seen.insert(USCC.checkCharacter(for: Array("913202000000000") + [a, b]))
            }
        }
        // check
        #expect(seen == Set(USCC.alphabet))
    }

    @Test func divisionCodeIsPositionsThreeToEight() throws {
        let code = try USCC.validate("91350200776049653A").get()
        #expect(code.divisionCode == "350200")
    }

    @Test func formatCheckIgnoresTheCheckCharacter() {
        #expect((try? USCC.checkFormat("91350203M0001QKT19").get()) != nil)
    }
}
