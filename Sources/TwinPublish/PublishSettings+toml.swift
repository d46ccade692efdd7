import TOMLKit
import TwinFiles

extension PublishSettings {
    private struct File: Decodable {
        var publish: Table?

        struct Table: Decodable {
            var to: String?
            var s3Endpoint: String?
            var region: String?
            var s3Addressing: String?
            var presign: Scalar?
            var publicBaseURL: String?
            var partSize: Scalar?
            var concurrency: Int?
            var verify: Bool?

            enum CodingKeys: String, CodingKey {
                case to, region, presign, concurrency, verify
                case s3Endpoint = "s3-endpoint", s3Addressing = "s3-addressing", publicBaseURL = "public-base-url", partSize = "part-size"
            }
        }
    }

    /// A number or a string (`presign = 3600` and `presign = "24h"` both work).
    private struct Scalar: Decodable {
        let text: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) { text = String(number) } else { text = try container.decode(String.self) }
        }
    }

    static func decode(toml: String) throws -> PublishSettings {
        if let problem = TOMLGuard.problem(in: toml) {
            throw PublishError(.invalidOption, "twin.toml [publish]: not valid TOML: \(problem)")
        }
        let file: File
        do {
            file = try TOMLDecoder().decode(File.self, from: toml)
        } catch {
            throw PublishError(.invalidOption, "twin.toml [publish]: \(error)")
        }
        guard let table = file.publish else { return PublishSettings() }
        return PublishSettings(
            to: table.to, s3Endpoint: table.s3Endpoint, region: table.region, s3Addressing: table.s3Addressing,
            presign: table.presign?.text, publicBaseURL: table.publicBaseURL, partSize: table.partSize?.text,
            concurrency: table.concurrency, verify: table.verify
        )
    }
}
