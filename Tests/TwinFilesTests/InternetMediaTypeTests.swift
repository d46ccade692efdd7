import Testing
import TwinFiles

@Suite struct InternetMediaTypeTests {
    @Test(arguments: [
        ("mp4", "video/mp4"), ("M4V", "video/mp4"), ("mov", "video/quicktime"), ("MOV", "video/quicktime"),
        ("jpg", "image/jpeg"), ("JPEG", "image/jpeg"), ("png", "image/png"),
    ])
    func knownExtensionsHaveTheirType(fileExtension: String, mediaType: String) {
        #expect(InternetMediaType.forExtension(fileExtension) == mediaType)
    }

    @Test(arguments: ["txt", "heic", "webm", "mkv", "", "mp4 ", "qt"])
    func otherExtensionsHaveNone(fileExtension: String) {
        #expect(InternetMediaType.forExtension(fileExtension) == nil)
    }

    @Test(arguments: [
        ("video/mp4", "mp4"), ("Video/QuickTime; charset=binary", "mov"), (" image/jpeg ", "jpg"), ("image/png", "png"),
    ])
    func contentTypesGiveTheirPreferredExtension(contentType: String, fileExtension: String) {
        #expect(InternetMediaType.preferredExtension(forContentType: contentType) == fileExtension)
    }

    @Test(arguments: ["text/html", "application/octet-stream", "", "video"])
    func otherContentTypesGiveNoExtension(contentType: String) {
        #expect(InternetMediaType.preferredExtension(forContentType: contentType) == nil)
    }

    @Test func matchingIgnoresParametersAndCase() {
        #expect(InternetMediaType.matches("Video/MP4; codecs=avc1", "video/mp4"))
        #expect(!InternetMediaType.matches("video/quicktime", "video/mp4"))
        #expect(!InternetMediaType.matches(nil, "video/mp4"))
    }

    @Test func everyEntryRoundTripsAndTheListNamesThemAll() {
        for entry in InternetMediaType.extensions {
            #expect(InternetMediaType.forExtension(entry.fileExtension) == entry.mediaType)
            let preferred = InternetMediaType.preferredExtension(forContentType: entry.mediaType)
            #expect(preferred.flatMap(InternetMediaType.forExtension) == entry.mediaType)
            #expect(InternetMediaType.extensionList.contains(".\(entry.fileExtension)"))
        }
        #expect(InternetMediaType.extensionList == ".mp4, .m4v, .mov, .jpg, .jpeg or .png")
    }
}
