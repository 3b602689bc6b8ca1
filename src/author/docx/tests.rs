//! Unit tests of the reader on small packages made here, one construct each. The
//! fixtures made by real writers are read in `tests/it/import.rs`.

use super::*;
use std::io::Write;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math""#;

/// A package with `body` as the document's body and the given extra parts.
pub(crate) fn package(body: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut add = |name: &str, bytes: &[u8]| {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    };
    add(
        "_rels/.rels",
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    );
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
    );
    add("word/document.xml", document.as_bytes());
    for (name, bytes) in extra {
        add(name, bytes);
    }
    zip.finish().unwrap().into_inner()
}

fn rels(entries: &str) -> Vec<u8> {
    format!(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{entries}</Relationships>"#).into_bytes()
}

fn texts(document: &Document) -> Vec<String> {
    document.blocks.iter().map(Block::plain_text).collect()
}

fn paragraph(document: &Document, index: usize) -> &Paragraph {
    match &document.blocks[index] {
        Block::Paragraph(p) => p,
        Block::Table(_) => panic!("block {index} is a table"),
    }
}

#[test]
fn runs_are_joined_and_formatting_kept() {
    let doc = read(&package(
        r#"<w:p><w:r><w:t>民盟界</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">赴长江</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>岸线</w:t></w:r><w:r><w:rPr><w:i/><w:u w:val="single"/></w:rPr><w:t>调研</w:t></w:r><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>。</w:t></w:r></w:p>"#,
        &[],
    ))
    .unwrap();
    let p = paragraph(&doc, 0);
    let bold = Format {
        bold: true,
        ..Format::default()
    };
    assert_eq!(
        p.inlines,
        vec![
            Inline::Text("民盟界".into(), Format::default()),
            Inline::Text("赴长江岸线".into(), bold),
            Inline::Text(
                "调研".into(),
                Format {
                    italic: true,
                    underline: true,
                    ..Format::default()
                }
            ),
            Inline::Text("。".into(), Format::default()),
        ]
    );
}

#[test]
fn tracked_changes_are_taken_as_accepted_and_comments_dropped() {
    let doc = read(&package(
        r#"<w:p><w:r><w:t>保留</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del><w:commentRangeStart w:id="0"/><w:r><w:t>批注处</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>"#,
        &[],
    ))
    .unwrap();
    assert_eq!(texts(&doc), vec!["保留插入批注处"]);
    assert_eq!(doc.dropped.deletions, 1);
    assert_eq!(doc.dropped.comments, 1);
}

#[test]
fn fields_keep_their_result_except_contents_and_page_numbers() {
    let doc = read(&package(
        r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \o "1-3" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>目录一行</w:t></w:r></w:p><w:p><w:r><w:t>目录二行</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p><w:p><w:r><w:t>见</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://www.cppcc.gov.cn/" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>全国政协网</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>"#,
        &[],
    ))
    .unwrap();
    assert_eq!(doc.blocks.len(), 1, "{:?}", doc.blocks);
    assert_eq!(
        paragraph(&doc, 0).inlines[1],
        Inline::Link {
            target: "https://www.cppcc.gov.cn/".into(),
            inlines: vec![Inline::Text("全国政协网".into(), Format::default())]
        }
    );
    assert_eq!(doc.dropped.fields, 2);
}

#[test]
fn a_text_box_in_alternate_content_is_read_once_after_its_paragraph() {
    let doc = read(&package(
        r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="文本框 1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框里的话</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框里的话</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        &[],
    ))
    .unwrap();
    assert_eq!(texts(&doc), vec!["正文", "文本框里的话"]);
    assert_eq!(doc.text_boxes, 1);
}

#[test]
fn images_are_read_once_and_linked_or_missing_ones_counted() {
    let image = |id: &str, name: &str, descr: &str| {
        format!(
            r#"<w:r><w:drawing><wp:inline><wp:docPr id="1" name="{name}" descr="{descr}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:embed="{id}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
        )
    };
    let body = format!(
        "<w:p>{}{}{}</w:p><w:p>{}</w:p><w:p><w:r><w:pict><v:shape><v:imagedata r:id=\"rId9\"/></v:shape></w:pict></w:r></w:p>",
        image("rId5", "图片 1", "委员在岸线调研"),
        image("rId5", "图片 1", ""),
        image("rId6", "图片 2", ""),
        r#"<w:r><w:drawing><wp:inline><wp:docPr id="3" name="p"/><a:graphic><a:graphicData uri="x"><a:blip r:link="rId7"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#,
    );
    let doc = read(&package(
        &body,
        &[
            (
                "word/_rels/document.xml.rels",
                &rels(r#"<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/><Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../../../../etc/passwd"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="file:///C:/photo.jpg" TargetMode="External"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image2.jpeg"/>"#),
            ),
            ("word/media/image1.png", b"\x89PNG\r\n\x1a\nfake"),
            ("word/media/image2.jpeg", b"\xFF\xD8fake"),
        ],
    ))
    .unwrap();
    assert_eq!(doc.images.len(), 2);
    assert_eq!(doc.images[0].part, "word/media/image1.png");
    assert_eq!(doc.images[0].description.as_deref(), Some("委员在岸线调研"));
    assert_eq!(doc.images[1].part, "word/media/image2.jpeg");
    assert_eq!(
        paragraph(&doc, 0).inlines,
        vec![Inline::Image(0), Inline::Image(0)]
    );
    assert_eq!(
        doc.dropped.missing_images, 1,
        "the target outside the package"
    );
    assert_eq!(doc.dropped.linked_images, 1);
}

#[test]
fn headings_lists_and_captions_come_from_styles() {
    let styles = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="MyHead"><w:name w:val="My Head"/><w:basedOn w:val="1"/></w:style><w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style><w:style w:type="paragraph" w:styleId="a5"><w:name w:val="caption"/></w:style><w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style></w:styles>"#.as_bytes();
    let numbering = br#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
    let body = r#"<w:p><w:pPr><w:pStyle w:val="a3"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>一级</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="MyHead"/></w:pPr><w:r><w:t>继承</w:t></w:r></w:p><w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>大纲</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>项目</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>子项</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="a5"/><w:jc w:val="center"/></w:pPr><w:r><w:t>图1 说明</w:t></w:r></w:p><w:p><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>强调</w:t></w:r></w:p>"#;
    let doc = read(&package(
        body,
        &[
            (
                "word/_rels/document.xml.rels",
                &rels(r#"<Relationship Id="s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="n" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#),
            ),
            ("word/styles.xml", styles),
            ("word/numbering.xml", numbering),
        ],
    ))
    .unwrap();
    assert!(paragraph(&doc, 0).title);
    assert_eq!(paragraph(&doc, 1).heading, Some(1));
    assert_eq!(
        paragraph(&doc, 2).heading,
        Some(1),
        "outline level from the base style"
    );
    assert_eq!(paragraph(&doc, 3).heading, Some(2));
    assert_eq!(
        paragraph(&doc, 4).list,
        Some(ListItem {
            level: 0,
            ordered: false
        })
    );
    assert_eq!(
        paragraph(&doc, 5).list,
        Some(ListItem {
            level: 1,
            ordered: true
        })
    );
    assert!(paragraph(&doc, 6).caption && paragraph(&doc, 6).centered);
    assert!(matches!(&paragraph(&doc, 7).inlines[0], Inline::Text(_, f) if f.bold));
}

#[test]
fn merged_cells_and_footnotes() {
    let footnotes = r#"<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 数据来自市水务局。</w:t></w:r></w:p></w:footnote></w:footnotes>"#.as_bytes();
    let body = r#"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>合并</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>上</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>右</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>右下</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:tc></w:tr></w:tbl>"#;
    let doc = read(&package(
        body,
        &[
            (
                "word/_rels/document.xml.rels",
                &rels(r#"<Relationship Id="f" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>"#),
            ),
            ("word/footnotes.xml", footnotes),
        ],
    ))
    .unwrap();
    let Block::Table(table) = &doc.blocks[0] else {
        panic!("not a table")
    };
    assert!(table.has_merged_cells());
    assert_eq!(table.rows[0][0].span, 2);
    assert!(!table.rows[1][0].continued);
    assert!(table.rows[2][0].continued);
    assert_eq!(doc.footnotes.len(), 1);
    assert_eq!(
        doc.footnotes[0][0].plain_text().trim(),
        "数据来自市水务局。"
    );
}

#[test]
fn hostile_packages_are_refused_with_their_reason() {
    let bomb = {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", options).unwrap();
        let chunk = vec![b' '; 1024 * 1024];
        for _ in 0..(MAX_PART_BYTES / (1024 * 1024) + 1) {
            zip.write_all(&chunk).unwrap();
        }
        zip.finish().unwrap().into_inner()
    };
    assert!(bomb.len() < 2 * 1024 * 1024);
    assert!(matches!(read(&bomb), Err(DocxError::TooLarge { .. })));

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(br#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><d>&b;</d>"#)
        .unwrap();
    let dtd = zip.finish().unwrap().into_inner();
    assert!(matches!(
        read(&dtd),
        Err(DocxError::Xml {
            error: xml::XmlError::Dtd,
            ..
        })
    ));

    let good = package("<w:p><w:r><w:t>好</w:t></w:r></w:p>", &[]);
    assert!(matches!(
        read(&good[..good.len() / 2]),
        Err(DocxError::Corrupt(_))
    ));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"<workbook/>").unwrap();
    assert!(matches!(
        read(&zip.finish().unwrap().into_inner()),
        Err(DocxError::Spreadsheet)
    ));
}

#[test]
fn unknown_elements_keep_their_text() {
    let doc = read(&package(
        r#"<w:p><w:smartTag><w:r><w:t>智能</w:t></w:r></w:smartTag><w:customXml><w:r><w:t>标记</w:t></w:r></w:customXml><w:unknownThing><w:r><w:t>未知</w:t></w:r></w:unknownThing></w:p><w:future><w:p><w:r><w:t>将来</w:t></w:r></w:p></w:future>"#,
        &[],
    ))
    .unwrap();
    assert_eq!(texts(&doc), vec!["智能标记未知", "将来"]);
}
