import Foundation
import Testing
@testable import TwinSandbox

@Suite struct MediaFetcherNameTests {
    @Test(arguments: [
        ("https://h/a/clip", "video/mp4", "3-clip.mp4"),
        ("https://h/a/clip", "video/quicktime; x=y", "3-clip.mov"),
        ("https://h/a/photo", "IMAGE/JPEG", "3-photo.jpg"),
        ("https://h/a/photo", "image/png", "3-photo.png"),
        ("https://h/a/photo", "text/html", "3-photo"),
        ("https://h/a/photo", nil, "3-photo"),
        ("https://h/a/photo.png", "video/mp4", "3-photo.png"),
    ])
    func nameKeepsTheURLsExtensionOrTakesTheContentType(url: String, contentType: String?, expected: String) throws {
        let name = MediaFetcher.fileName(for: try #require(URL(string: url)), index: 3, contentType: contentType)
        #expect(name == expected)
    }
}
