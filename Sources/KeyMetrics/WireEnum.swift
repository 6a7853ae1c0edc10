/// A string enumeration on the wire whose decoding error names the bad value and lists the valid ones,
/// instead of Foundation's "Cannot initialize … from invalid String value".
public protocol WireEnum: RawRepresentable, CaseIterable, Decodable where RawValue == String {}

extension WireEnum {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            let valid = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "unknown value '\(text.sanitizedForMessage)'; valid values: \(valid)")
        }
        self = value
    }
}

extension UserType: WireEnum {}
