package import Foundation

/// Any JSON value, decoded without a schema.
package enum JSONValue: Decodable, Sendable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let bool = try? container.decode(Bool.self) { self = .bool(bool) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let string = try? container.decode(String.self) { self = .string(string) }
        else if let array = try? container.decode([JSONValue].self) { self = .array(array) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }
}

/// A decoded JSON object read tolerantly: unknown fields are ignored, types are coerced where harmless.
package struct JSONObject: Sendable {
    package let fields: [String: JSONValue]
    /// The start of the body, for error messages.
    package let preview: String

    package init?(data: Data) {
        guard case .object(let fields)? = try? JSONDecoder().decode(JSONValue.self, from: data) else { return nil }
        self.fields = fields
        preview = JSONObject.preview(of: data)
    }

    package static func preview(of data: Data, limit: Int = 200) -> String {
        let text = String(decoding: data.prefix(limit), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
            .trimmingCharacters(in: .whitespaces)
        return data.count > limit ? text + "…" : text
    }

    package func string(_ key: String) -> String? {
        switch fields[key] {
        case .string(let string)?: return string
        case .number(let number)?:
            // `Int64(exactly:)` is nil past 2^63 (and for fractions), where `Int(_:)` would trap.
            return Int64(exactly: number).map { String($0) } ?? String(number)
        default: return nil
        }
    }

    package func strings(_ key: String) -> [String]? {
        guard case .array(let array)? = fields[key] else { return nil }
        return array.compactMap { element in
            switch element {
            case .string(let string): return string
            case .object(let object):
                if case .string(let name)? = object["name"] { return name }
                return nil
            default: return nil
            }
        }
    }

    package func number(_ key: String) -> Double? {
        switch fields[key] {
        case .number(let number)?: return number
        case .string(let string)?: return Double(string.trimmingCharacters(in: CharacterSet(charactersIn: " %")))
        default: return nil
        }
    }

    package func bool(_ key: String) -> Bool? {
        switch fields[key] {
        case .bool(let bool)?: return bool
        case .string(let string)?: return Bool(string.lowercased())
        default: return nil
        }
    }
}
