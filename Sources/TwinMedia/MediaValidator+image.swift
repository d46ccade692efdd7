internal import Foundation
internal import TwinFaces
internal import TwinPictures
extension MediaValidator {
    /// Reads a PNG/JPEG header (dimensions, EXIF orientation), applies the pixel guard, then
    /// decodes every row through libpng or libjpeg.
    func inspectImage(path: String, format: ContentFormat, into report: inout FileReport) {
        let orientation = ExifOrientation.read(path: path)
        // With the face checks on, the one decode keeps a working-size greyscale copy for them.
        let (check, grey, colour) = profile.faces.enabled || collectReportData
            ? ImageDecodeResult.runKeepingGrey(path: path, format: format, maxPixels: profile.maxPixels,
                                        longSide: profile.faces.workingSize, colour: collectReportData)
            : (ImageDecodeResult.run(path: path, format: format, maxPixels: profile.maxPixels), nil, nil)
        let library = format == .png ? "libpng" : "libjpeg"
        switch check.status {
        case .unreadable:
            report.add(.error(.unreadable, "Cannot open the file: \(check.message)."))
            return
        case .tooLarge where !check.message.isEmpty:
            // Under the pixel guard, over the memory a decode may take (a huge row, progressive coefficients).
            report.add(.error(.tooLarge, "The photo (header \(check.width)x\(check.height)) cannot be decoded within the memory "
                + "twin allows: \(library): \(check.message); nothing was decoded. Downscale or re-export it (baseline JPEG)."))
            return
        case .tooLarge:
            // The header's size is a claim nothing was decoded to check: it is quoted, not reported as the photo's size.
            report.add(.error(.tooLarge, "The header claims \(check.width)x\(check.height) = "
                + String(format: "%.1f", Double(check.width) * Double(check.height) / 1e6) + " megapixels, over the limit of "
                + String(format: "%g", Double(profile.maxPixels) / 1e6) + " MP; nothing was decoded. Downscale the photo."))
            return
        case .corrupt where check.width == 0:
            report.add(.error(.corrupt, "\(library) cannot read the header: \(check.message). Export the photo again."))
            return
        case .corrupt:
            let detail = check.warnings > 0 && format == .jpeg
                ? "the image data is incomplete or damaged (\(library): \(check.message)); a viewer would show grey or garbage"
                : "\(library): \(check.message)"
            report.add(.error(.corrupt, "The photo is damaged: \(detail). Export or copy it again."))
        case .ok:
            break
        }
        report.storedWidth = check.width
        report.storedHeight = check.height
        let rotation = orientation?.clockwiseRotation ?? 0
        report.rotation = rotation
        report.exifOrientation = orientation?.value
        let swaps = orientation?.swapsAxes ?? false
        report.width = swaps ? check.height : check.width
        report.height = swaps ? check.width : check.height
        let turn: String
        if let orientation, orientation.value != 1 {
            turn = "EXIF orientation \(orientation.value) (" + (rotation == 0 ? "" : "rotate \(rotation)° clockwise")
                + (orientation.mirrored ? (rotation == 0 ? "mirror" : ", mirror") : "") + ")"
        } else {
            turn = "no rotation"
        }
        judgeShape(&report, minShortSide: profile.minImageShortSide, turn: turn)
        if check.isCMYK {
            // Viewers (ImageMagick, browsers) read every CMYK JPEG as Adobe's inverted ink: one without Adobe's
            // marker shows as a negative there, so its conversion negates it first.
            report.add(.warning(.cmykPhoto, check.isInvertedCMYK
                ? "The photo is a CMYK JPEG (Adobe, inverted), made for print: many viewers and services show its colours "
                    + "shifted. Convert it to sRGB, e.g. `magick IN -colorspace sRGB OUT.jpg`."
                : "The photo is a CMYK JPEG without Adobe's marker (plain ink), made for print: most viewers and services "
                    + "show it as a negative. Convert it to sRGB, e.g. `magick IN -negate -colorspace sRGB OUT.jpg`, and "
                    + "check the result is not a negative."))
        }
        // A damaged picture is already an error; a face search on its grey or garbage rows would only add noise.
        guard let grey, check.status == .ok, let width = report.width else { return }
        let displayed = grey.displayed(under: orientation ?? ExifOrientation(1))
        report.pictureHash = PictureHash(displayed)
        if collectReportData {
            report.detail = report.detail ?? ReportDetail()
            let small = (colour ?? ColourImage(grey: grey)).shrunk(toLongSide: Thumbnail.longSide)
            report.detail?.thumbnail = Thumbnail(small.displayed(under: orientation ?? ExifOrientation(1)))
        }
        if profile.faces.enabled {
            let analysis = FaceAnalysis.run(on: displayed, displayedWidth: width, profile: profile.faces)
            report.faces = analysis.searchFailure == nil ? analysis.faces : nil
            report.faceIdentity = FaceIdentity(descriptors: analysis.descriptor.map { [$0] } ?? [], problem: analysis.identityProblem)
            report.sharpness = analysis.sharpness
            report.brightness = analysis.brightness
            report.findings += analysis.findings
            report.notes.append(Self.faceNote(analysis))
            if collectReportData { report.detail?.landmarks = analysis.reportLandmarks }
        }
    }

    /// The reasoning line for the face checks, e.g. "1 face, 212x212 at (301, 245), score 1.48, sharpness 310".
    static func faceNote(_ analysis: FaceAnalysis) -> String {
        if let reason = analysis.searchFailure { return "face not checked (\(reason))" }
        guard let face = analysis.faces.first else { return "no face" }
        var note = "\(analysis.faces.count) face\(analysis.faces.count == 1 ? "" : "s"), \(face.width)x\(face.height) "
            + "at (\(face.x), \(face.y)), score \(face.score)"
        if face.rotation != 0 { note += ", upright after turning \(face.rotation)°" }
        if let opening = face.mouthOpening, let width = face.mouthWidth, let teeth = face.teeth {
            note += ", mouth opening \(opening) width \(width) teeth \(teeth)"
        }
        if let sharpness = analysis.sharpness, let brightness = analysis.brightness {
            note += ", sharpness \(sharpness), brightness \(brightness)"
        }
        return note
    }
}
