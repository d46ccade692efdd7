extension HTMLReport {
    /// The page's only style sheet, inline. Narrow windows stack everything in one column;
    /// verdicts carry words and icons, the colours only repeat them.
    static let css = """
    :root{--pass:#1a7f37;--warn:#9a6700;--fail:#cf222e;--line:#d0d7de;--muted:#57606a}
    *{box-sizing:border-box}
    body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1rem;color:#1f2328;background:#fff}
    h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:0 0 .5rem;overflow-wrap:anywhere}
    h3{font-size:1rem;margin:1rem 0 .4rem}
    .summary,.session,.files{border:1px solid var(--line);border-radius:8px;padding:1rem;margin:1rem 0}
    .verdict{font-weight:600;white-space:nowrap;border-radius:4px;padding:0 .3rem}
    .verdict.pass{color:var(--pass)}.verdict.warn{color:var(--warn)}.verdict.fail{color:var(--fail)}
    .verdict.skip{color:var(--muted)}
    .session.fail{border-left:6px solid var(--fail)}.session.warn{border-left:6px solid var(--warn)}
    .session.pass{border-left:6px solid var(--pass)}.session.skip{border-left:6px solid var(--muted)}
    .where{color:var(--muted);font-size:.85rem;margin:-.4rem 0 .4rem;overflow-wrap:anywhere}
    .totals td{text-align:right;min-width:4rem}.totals td.fail{color:var(--fail)}.totals td.warn{color:var(--warn)}
    table{border-collapse:collapse;margin:.3rem 0}td,th{border:1px solid var(--line);padding:.15rem .4rem;text-align:left}
    ul.findings{padding-left:1.2rem;margin:.3rem 0}ul.findings li{overflow-wrap:anywhere}
    .finding.error::marker{content:"✗ "}.finding.warning::marker{content:"⚠ "}
    .finding code{font-weight:600}.finding.error code{color:var(--fail)}.finding.warning code{color:var(--warn)}
    .finding details{display:inline}.finding summary{cursor:pointer}.finding details p{margin:.2rem 0 .4rem;color:var(--muted)}
    .finding.repeated ul{margin:.2rem 0;padding-left:1rem;font-size:.9rem}.finding.mark{font-size:.85rem}
    .not-validated{color:var(--muted)}
    ol.photos,.frames{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:.8rem;
      list-style:none;padding:0;margin:0}
    figure{margin:0}figcaption{font-size:.85rem;overflow-wrap:anywhere}
    .picture{position:relative;line-height:0;background:#eee}
    .picture img{width:100%;height:auto;display:block}
    .picture svg{position:absolute;left:0;top:0;width:100%;height:100%}
    .face-box{fill:none;stroke:#00e5ff;stroke-width:.6%;vector-effect:non-scaling-stroke}
    .landmark{fill:#ffea00}
    .measures{font-size:.8rem}.measures td,.measures th{padding:0 .3rem}
    dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0}dl.facts dt{color:var(--muted)}
    dl.facts dd{margin:0;overflow-wrap:anywhere}
    svg.loudness{width:100%;max-width:720px;height:auto;border:1px solid var(--line);background:#fafbfc}
    .loudness .curve{fill:none;stroke:#0969da;stroke-width:1.5}.loudness .speech{fill:#2da44e;opacity:.25}
    .loudness .level{stroke:var(--muted);stroke-dasharray:4 3}.loudness text{font-size:10px;fill:var(--muted)}
    .script{max-width:720px}.script .heard{color:var(--pass)}
    mark.missed{background:#ffebe9;color:var(--fail);text-decoration:line-through}
    .notes{color:var(--muted);font-size:.85rem}
    ol.speaking-frames{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:.3rem 0}
    ol.speaking-frames img{height:80px;width:auto;display:block}ol.speaking-frames figcaption{font-size:.75rem}
    .identity{font-size:.85rem;margin:.2rem 0}.identity.different{color:var(--fail);font-weight:600}
    @media (max-width:600px){body{padding:.4rem}ol.photos,.frames{grid-template-columns:repeat(2,1fr)}
      dl.facts{grid-template-columns:1fr}}
    """
}
