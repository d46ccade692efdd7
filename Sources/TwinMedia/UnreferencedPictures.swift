internal import CFFmpeg

/// Tells, from a compressed picture's NAL headers, that no other picture refers to it: a sampler that will not
/// look at it can leave it undecoded, and every picture it does look at decodes to the same pixels.
///
/// Only H.264 and HEVC in MP4/MOV form (length-prefixed NAL units, `avcC` / `hvcC`) are read. A picture counts as
/// unreferenced only when every slice of it says so: H.264's `nal_ref_idc` is 0 in each; HEVC's NAL types are
/// sub-layer non-reference ones (`TRAIL_N`, `TSA_N`, `STSA_N`, `RADL_N`, `RASL_N`) in a stream of one temporal layer
/// (with more, a higher layer may still refer to it). Anything else (a parameter set in the packet, a NAL that
/// runs past the packet, another codec, Annex B framing) is decoded as before.
struct UnreferencedPictures {
    private enum Syntax { case h264, hevc }
    private let syntax: Syntax
    /// The bytes of each NAL unit's length prefix (1, 2 or 4).
    private let lengthSize: Int

    /// Reads the stream's codec and its `avcC` / `hvcC` record; nil when its pictures are not told apart (always decoded).
    init?(_ parameters: UnsafePointer<AVCodecParameters>) {
        guard let extradata = parameters.pointee.extradata, parameters.pointee.extradata_size > 0 else { return nil }
        let record = UnsafeBufferPointer(start: extradata, count: Int(parameters.pointee.extradata_size))
        switch parameters.pointee.codec_id {
        case AV_CODEC_ID_H264:
            // avcC: version 1, then profile, compatibility, level, and 6 reserved bits + lengthSizeMinusOne.
            guard record.count >= 7, record[0] == 1 else { return nil }
            syntax = .h264
            lengthSize = Int(record[4] & 3) + 1
        case AV_CODEC_ID_HEVC:
            // hvcC byte 21: constantFrameRate (2 bits), numTemporalLayers (3), temporalIdNested (1), lengthSizeMinusOne (2).
            guard record.count >= 23, record[0] == 1, (record[21] >> 3) & 7 == 1 else { return nil }
            syntax = .hevc
            lengthSize = Int(record[21] & 3) + 1
        default:
            return nil
        }
        guard lengthSize != 3 else { return nil }
    }

    /// The headers of one codec's pictures with `lengthSize`-byte NAL prefixes (for tests; streams use ``init(_:)``).
    init(hevc: Bool, lengthSize: Int) {
        syntax = hevc ? .hevc : .h264
        self.lengthSize = lengthSize
    }

    /// Whether the picture in `packet` is one no other picture refers to.
    func isUnreferenced(_ packet: UnsafePointer<AVPacket>) -> Bool {
        guard let data = packet.pointee.data, packet.pointee.size > 0 else { return false }
        return isUnreferenced(UnsafeBufferPointer(start: data, count: Int(packet.pointee.size)))
    }

    func isUnreferenced(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var offset = 0
        var slices = 0
        while offset < bytes.count {
            guard bytes.count - offset > lengthSize else { return false }
            var length = 0
            for index in 0..<lengthSize { length = length << 8 | Int(bytes[offset + index]) }
            offset += lengthSize
            guard length > 0, length <= bytes.count - offset else { return false }
            switch unitKind(bytes, at: offset, length: length) {
            case .unreferencedSlice: slices += 1
            case .other: break
            case .keep: return false
            }
            offset += length
        }
        return slices > 0
    }

    private enum UnitKind { case unreferencedSlice, other, keep }

    private func unitKind(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, length: Int) -> UnitKind {
        let header = bytes[offset]
        switch syntax {
        case .h264:
            let type = header & 0x1f, referenceIDC = (header >> 5) & 3
            switch type {
            case 1: return referenceIDC == 0 ? .unreferencedSlice : .keep  // a non-IDR slice
            case 6, 9, 12: return .other  // SEI, access unit delimiter, filler
            default: return .keep  // IDR, partitions, parameter sets, extensions
            }
        case .hevc:
            guard length >= 2 else { return .keep }
            let type = (header >> 1) & 0x3f, temporalID = Int(bytes[offset + 1] & 7) - 1
            switch type {
            case 0, 2, 4, 6, 8: return temporalID == 0 ? .unreferencedSlice : .keep  // sub-layer non-reference slices
            case 35, 38, 39, 40: return .other  // access unit delimiter, filler, SEI
            default: return .keep  // reference slices, IRAP, parameter sets, reserved
            }
        }
    }
}
