//! The penalty documents as PDF (A4, 595 × 842 pt), drawn with `krilla`
//! in the CJK font of `PDF_FONT` (subset and embedded with its ToUnicode
//! map, so the text can be searched and copied): the bureau's name in red
//! over a red rule, the title centred, the number flush right, the body's
//! paragraphs wrapped to the width by the font's own advances (a CJK
//! character may break anywhere; closing punctuation never starts a line),
//! new pages as the text needs them, and the signature block flush right.
//!
//! The font is loaded once when the server starts ([`PdfFont::load`]). A
//! missing or unreadable font does not stop the server (a government service
//! should not be down for a font): start-up logs an error naming `PDF_FONT`,
//! and every PDF request answers 503 with a Chinese message saying so; the
//! HTML print view works regardless.

use std::sync::Arc;

use app::penalty::documents::service::Issued;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const LEFT: f32 = 79.0;
const RIGHT: f32 = 74.0;
const TOP: f32 = 72.0;
const BOTTOM: f32 = 72.0;
const BODY: f32 = 15.0;
const LEADING: f32 = 1.8;

/// The loaded font, or why there is none (the message names the setting).
#[derive(Clone)]
pub struct PdfFont(pub Arc<Result<LoadedFont, String>>);

pub struct LoadedFont {
    data: Arc<Vec<u8>>,
    index: u32,
    font: Font,
}

impl PdfFont {
    /// Reads `path` (face `index` of a collection). Never fails: a font that
    /// cannot be used is kept as its error, logged loudly once here.
    pub fn load(path: &str, index: u32) -> PdfFont {
        let loaded = (|| {
            let bytes = std::fs::read(path).map_err(|e| format!("PDF_FONT={path}: {e}"))?;
            let data = Arc::new(bytes);
            FontRef::from_index(data.as_slice(), index)
                .map_err(|e| format!("PDF_FONT={path} PDF_FONT_INDEX={index}: not a usable font ({e})"))?;
            let font = Font::new(data.clone().into(), index)
                .ok_or_else(|| format!("PDF_FONT={path} PDF_FONT_INDEX={index}: not a usable font"))?;
            Ok(LoadedFont { data, index, font })
        })();
        if let Err(e) = &loaded {
            tracing::error!(
                "PDF documents are disabled: {e}. Install Debian's fonts-noto-cjk (scripts/setup.sh does) or set \
                 PDF_FONT to a CJK font file (and PDF_FONT_INDEX to its face in a collection); the print view works \
                 without it, PDF downloads answer 503 until then"
            );
        }
        PdfFont(Arc::new(loaded))
    }
}

/// The Chinese message of a PDF request while the font is missing.
pub fn disabled_message(reason: &str) -> String {
    format!("PDF 文书暂不可用：服务器未能加载中文字体（{reason}）。请管理员安装 fonts-noto-cjk 或设置 PDF_FONT 后重启服务。可先使用打印页面。")
}

/// Lines drawn with one font at one size.
struct Writer<'a> {
    font: &'a LoadedFont,
}

impl Writer<'_> {
    fn advance(&self, c: char, size: f32) -> f32 {
        let Ok(f) = FontRef::from_index(self.font.data.as_slice(), self.font.index) else { return size };
        let gid = f.charmap().map(c).unwrap_or_default();
        f.glyph_metrics(Size::new(size), LocationRef::default()).advance_width(gid).unwrap_or(size)
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c, size)).sum()
    }

    /// `text` broken into lines no wider than `width` (the first `indent`
    /// narrower): anywhere, but closing punctuation stays on its line.
    fn wrap(&self, text: &str, size: f32, width: f32, indent: f32) -> Vec<String> {
        const NO_START: &str = "，。、；：？！）》」』”’〕】…,.;:?!)";
        const NO_END: &str = "（《「『“‘〔【(";
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        let mut used = indent;
        for c in text.chars() {
            let w = self.advance(c, size);
            if used + w > width + 0.01 && !line.is_empty() && !NO_START.contains(c) {
                // An opening bracket goes down with what it opens.
                let carried = match line.chars().last() {
                    Some(last) if NO_END.contains(last) && line.chars().count() > 1 => line.pop(),
                    _ => None,
                };
                lines.push(std::mem::take(&mut line));
                used = 0.0;
                if let Some(open) = carried {
                    line.push(open);
                    used = self.advance(open, size);
                }
            }
            line.push(c);
            used += w;
        }
        lines.push(line);
        lines
    }
}

/// A line placed on a page: where its baseline starts, its size, its text,
/// and whether it is red (the bureau's name).
struct Placed {
    x: f32,
    y: f32,
    size: f32,
    text: String,
    red: bool,
}

/// A page being filled, top to bottom.
struct Pen {
    y: f32,
    pages: Vec<Vec<Placed>>,
}

impl Pen {
    /// Places a line on the current page, or the next one when it does not
    /// fit.
    fn place(&mut self, x: f32, size: f32, text: String, red: bool) {
        let step = size * LEADING;
        if self.y + step > HEIGHT - BOTTOM {
            self.pages.push(Vec::new());
            self.y = TOP;
        }
        self.y += step;
        if let Some(p) = self.pages.last_mut() {
            p.push(Placed { x, y: self.y, size, text, red });
        }
    }
}

fn draw(surface: &mut Surface<'_>, font: &Font, lines: &[Placed], rule_at: Option<f32>) {
    let red = Fill { paint: rgb::Color::new(200, 16, 16).into(), ..Default::default() };
    for l in lines {
        surface.set_fill(Some(if l.red { red.clone() } else { Fill::default() }));
        surface.draw_text(Point::from_xy(l.x, l.y), font.clone(), l.size, &l.text, false, TextDirection::Auto);
    }
    if let Some(y) = rule_at {
        let mut pb = PathBuilder::new();
        pb.move_to(LEFT, y);
        pb.line_to(WIDTH - RIGHT, y);
        if let Some(path) = pb.finish() {
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                paint: rgb::Color::new(200, 16, 16).into(),
                width: 1.5,
                ..Default::default()
            }));
            surface.draw_path(&path);
            surface.set_stroke(None);
        }
    }
}

/// The document as a PDF file.
pub fn render(font: &LoadedFont, doc: &Issued) -> Result<Vec<u8>, String> {
    let w = Writer { font };
    let text_width = WIDTH - LEFT - RIGHT;
    let mut document = Document::new();
    let mut pen = Pen { y: TOP, pages: vec![Vec::new()] };
    // The header: the bureau in red, the title, the number, a red rule.
    let head = 24.0;
    pen.place((WIDTH - w.width(&doc.bureau, head)) / 2.0, head, doc.bureau.clone(), true);
    let title = 20.0;
    pen.place((WIDTH - w.width(&doc.title, title)) / 2.0, title, doc.title.clone(), false);
    let small = 12.0;
    pen.place(WIDTH - RIGHT - w.width(&doc.number, small), small, doc.number.clone(), false);
    let rule = pen.y + 8.0;
    pen.y += 14.0;
    for para in doc.text.split('\n') {
        let para = para.trim_end();
        if para.is_empty() {
            pen.y += BODY * 0.6;
            continue;
        }
        // Paragraphs are indented two characters, a salutation ("…：") not.
        let indent = if para.ends_with('：') { 0.0 } else { 2.0 * BODY };
        for (i, line) in w.wrap(para, BODY, text_width, indent).into_iter().enumerate() {
            let x = if i == 0 { LEFT + indent } else { LEFT };
            pen.place(x, BODY, line, false);
        }
    }
    pen.y += BODY;
    for line in &doc.signature {
        let x = WIDTH - RIGHT - w.width(line, BODY) - BODY;
        pen.place(x.max(LEFT), BODY, line.clone(), false);
    }
    let pages = std::mem::take(&mut pen.pages);
    let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or("page size")?;
    for (n, lines) in pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        draw(&mut surface, &font.font, lines, (n == 0).then_some(rule));
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("{e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The font the tests use: `PDF_FONT` or Debian's (scripts/setup.sh test
    /// installs `fonts-noto-cjk`).
    fn font() -> LoadedFont {
        let path = std::env::var("PDF_FONT").unwrap_or_else(|_| app::state::DEFAULT_PDF_FONT.into());
        let index = std::env::var("PDF_FONT_INDEX").ok().and_then(|i| i.parse().ok()).unwrap_or(2);
        match Arc::try_unwrap(PdfFont::load(&path, index).0) {
            Ok(Ok(f)) => f,
            Ok(Err(e)) => panic!("{e} (scripts/setup.sh test installs fonts-noto-cjk)"),
            Err(_) => unreachable!("a fresh font has one owner"),
        }
    }

    #[test]
    fn cjk_text_wraps_anywhere_but_not_before_closing_punctuation() {
        let f = font();
        let w = Writer { font: &f };
        // A CJK character is one em wide: ten characters of 15 pt fill 150 pt.
        assert!((w.width("阳光市民政局", 15.0) - 90.0).abs() < 0.5, "{}", w.width("阳光市民政局", 15.0));
        let lines = w.wrap("一二三四五六七八九十甲乙", 15.0, 150.0, 0.0);
        assert_eq!(lines, vec!["一二三四五六七八九十", "甲乙"]);
        // The comma stays with the tenth character; the bracket goes down.
        let lines = w.wrap("一二三四五六七八九十，甲", 15.0, 150.0, 0.0);
        assert_eq!(lines, vec!["一二三四五六七八九十，", "甲"]);
        let lines = w.wrap("一二三四五六七八九（单位）", 15.0, 150.0, 0.0);
        assert_eq!(lines, vec!["一二三四五六七八九", "（单位）"]);
        // The first line's indent takes its room.
        let lines = w.wrap("一二三四五六七八九十", 15.0, 150.0, 30.0);
        assert_eq!(lines, vec!["一二三四五六七八", "九十"]);
    }

    #[test]
    fn a_long_body_runs_onto_more_pages() {
        let f = font();
        let doc = |paras: usize| Issued {
            kind: app::domain::penalty_case::documents::DocKind::Decision,
            template_version: 1,
            number: "阳民罚〔2026〕12号".into(),
            title: "行政处罚决定书".into(),
            text: vec!["经查，当事人未按照规定办理变更登记，情节严重。"; paras].join("\n"),
            signature: vec!["阳光市民政局".into(), "〔印章〕".into(), "二〇二六年十二月七日".into()],
            bureau: "阳光市民政局".into(),
        };
        let pages = |bytes: &[u8]| {
            let text = String::from_utf8_lossy(bytes);
            text.matches("/Type/Page").count() - text.matches("/Type/Pages").count()
        };
        let one = render(&f, &doc(3)).unwrap();
        let many = render(&f, &doc(60)).unwrap();
        assert!(one.starts_with(b"%PDF"));
        assert_eq!(pages(&one), 1);
        assert!(pages(&many) > 2, "{} pages", pages(&many));
    }
}
