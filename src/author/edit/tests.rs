//! Tests of `edit`: the real write-up template, hand-written files, and hostile values.

use super::*;
use crate::author::scaffold::{activity_document, ActivityDraft, DraftPhoto};
use crate::model::decode::activity::ACTIVITY_KEYS;
use crate::model::ActivityKind;
use chrono::NaiveDate;

fn text(value: &str) -> FieldValue {
    FieldValue::text(value)
}

fn edit(original: &str, changes: &[Change]) -> String {
    apply(original, ACTIVITY_KEYS, changes, None).unwrap()
}

fn node(file: &str, key: &str) -> Option<Node> {
    read_entries(file)
        .unwrap()
        .into_iter()
        .find(|(k, _)| k.text == key)
        .map(|(_, n)| n)
}

fn photo(src: &str, alt: &str) -> Vec<(String, FieldValue)> {
    vec![("src".into(), text(src)), ("alt".into(), text(alt))]
}

fn comments(file: &str) -> Vec<&str> {
    file.lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .collect()
}

fn filled_draft() -> ActivityDraft {
    ActivityDraft {
        title: Some("民盟界别赴江岸区开展专题调研".into()),
        date: NaiveDate::from_ymd_opt(2024, 3, 15),
        kind: Some(ActivityKind::Research),
        participants: vec!["张某某".into(), "李某某".into()],
        photos: vec![
            DraftPhoto {
                src: "river-1.jpg".into(),
                alt: None,
                caption: None,
            },
            DraftPhoto {
                src: "river-2.jpg".into(),
                alt: Some("委员在江滩察看岸线".into()),
                caption: Some("江滩".into()),
            },
        ],
        author: Some("王某".into()),
        notes: vec![("title", "取自文档第一行".into())],
        ..ActivityDraft::default()
    }
}

/// What the desk would send for `filled_draft`, every field of the form included.
fn filled_form() -> Vec<Change> {
    vec![
        Change::set("title", text("民盟界别赴江岸区开展专题调研")),
        Change::set("date", text("2024-03-15")),
        Change::clear("end_date"),
        Change::clear("time"),
        Change::set("kind", text("research")),
        Change::set("also_sectors", FieldValue::List(vec![])),
        Change::set("plenary_group", FieldValue::Bool(false)),
        Change::set("location", text("")),
        Change::clear("organiser"),
        Change::set("participants", FieldValue::list(["张某某", "李某某"])),
        Change::set("leaders", FieldValue::List(vec![])),
        Change::clear("brand"),
        Change::clear("plan"),
        Change::set("outputs", FieldValue::Records(vec![])),
        Change::set(
            "photos",
            FieldValue::Records(vec![
                photo("river-1.jpg", ""),
                vec![
                    ("src".into(), text("river-2.jpg")),
                    ("alt".into(), text("委员在江滩察看岸线")),
                    ("caption".into(), text("江滩")),
                ],
            ]),
        ),
        Change::set("author", text("王某")),
        Change::clear("summary"),
        Change::set("draft", FieldValue::Bool(false)),
    ]
}

const HAND_WRITTEN: &str = "---
# 活动标题（必填）
title: \"2024\"   # 年份作标题
date: 2024-03-15
kind: 调研  # 中文也可以
venue: 江岸区    # 不认识的键
participants: 张某某、李某某
plan: p1
photos:
  - src: a.jpg  # 第一张
    # 请用一句话描述照片内容（必填）
    alt: 委员在江滩
    caption:
draft: 否
x-note: |
  # 这不是注释
  第二行
# 结尾的注释
---
正文第一段。

正文第二段。
";

#[test]
fn yaml_scalar_quotes_only_when_yaml_needs_it() {
    for plain in [
        "主题：副题",
        "2024",
        "2024-03-15",
        "张某某",
        "it's",
        "a \"b\"",
        "C\\d",
        "😀",
        "甲，乙",
    ] {
        assert_eq!(yaml_scalar(plain), plain);
    }
    for (given, quoted) in [
        ("", "\"\""),
        ("true", "\"true\""),
        ("No", "\"No\""),
        ("~", "\"~\""),
        ("是", "\"是\""),
        ("0x1F", "\"0x1F\""),
        ("1e3", "\"1e3\""),
        ("0123", "\"0123\""),
        ("09:30", "\"09:30\""),
        ("a: b", "\"a: b\""),
        ("[x]", "\"[x]\""),
        (" x", "\" x\""),
        ("a\nb\"\\", "\"a\\nb\\\"\\\\\""),
        ("\u{7f}", "\"\\u007F\""),
    ] {
        assert_eq!(yaml_scalar(given), quoted, "{given:?}");
    }
}

const HOSTILE: &[&str] = &[
    "a \"quoted\" 'word'",
    "'single",
    "\"double",
    "key: value",
    "ends with colon:",
    "a #comment",
    "#hash",
    "a#b",
    "- dash",
    "-",
    "-x",
    "?",
    "? q",
    "!tag",
    "&anchor",
    "*alias",
    "[flow",
    "]",
    "{map",
    "}",
    "%directive",
    "@at",
    "`tick",
    "|pipe",
    "|",
    ">fold",
    ">",
    " leading",
    "trailing ",
    "  ",
    "\u{3000}全角空格",
    "true",
    "False",
    "no",
    "NO",
    "yes",
    "on",
    "y",
    "null",
    "Null",
    "~",
    "是",
    "2024",
    "0",
    "-1",
    "+1",
    "0x1F",
    "0o17",
    "1e3",
    "0123",
    ".5",
    ".inf",
    "-.inf",
    ".NaN",
    "1_000",
    "12:30:00",
    "a\tb",
    "\ttab",
    "tab\t",
    "line1\nline2",
    "line1\nline2\n",
    "line1\n\nline3",
    "line1\n  \nline3",
    "line1\nline2\n\n",
    "\nleading newline",
    "   indented\nsecond",
    "x\n  indented continuation",
    "# x\n# y",
    "a: b\nc: d",
    "---\n---",
    "a\r\nb",
    "a\rb",
    "back\\slash",
    "C:\\path\\",
    "\\n",
    "主题：副题",
    "甲，乙",
    "，开头",
    "甲、乙",
    "",
    "---",
    "...",
    "--- x",
    "... x",
    "😀 emoji",
    "a, b",
    "a,b",
    "[a, b]",
    "{a: b}",
    "\u{feff}bom",
    "line\u{2028}separator",
    "next\u{85}line",
    "del\u{7f}",
    "nul\0",
    "bell\u{7}",
    "=",
    "<<",
    "a  b",
    "é",
];

/// The node's text, with an empty node read as "" (the readers treat both as empty).
fn scalar(node: Option<&Node>) -> Option<String> {
    match node.map(|n| &n.value) {
        None | Some(Value::Null) => Some(String::new()),
        Some(Value::Scalar { text, .. }) => Some(text.clone()),
        _ => None,
    }
}

#[test]
fn yaml_scalar_reads_back_in_every_context() {
    for hostile in HOSTILE {
        let quoted = yaml_scalar(hostile);
        assert!(!quoted.contains('\n'), "{hostile:?} → {quoted}");
        let block = yaml::parse(&format!("k: {quoted}\n")).unwrap();
        assert_eq!(
            block.as_mapping().unwrap()[0].1.as_str(),
            Some(*hostile),
            "block {quoted}"
        );
        let flow = yaml::parse(&format!("k: [{quoted}, z]\n")).unwrap();
        let items = flow.as_mapping().unwrap()[0]
            .1
            .as_sequence()
            .unwrap()
            .to_vec();
        assert_eq!(items[0].as_str(), Some(*hostile), "flow {quoted}");
        assert_eq!(items.len(), 2, "flow {quoted}");
        let item = yaml::parse(&format!("k:\n  - {quoted}\n  - src: {quoted}\n")).unwrap();
        let items = item.as_mapping().unwrap()[0]
            .1
            .as_sequence()
            .unwrap()
            .to_vec();
        assert_eq!(items[0].as_str(), Some(*hostile), "item {quoted}");
        assert_eq!(
            items[1].as_mapping().unwrap()[0].1.as_str(),
            Some(*hostile),
            "record {quoted}"
        );
    }
}

#[test]
fn hostile_values_read_back_exactly_wherever_they_are_written() {
    let template = activity_document(&filled_draft());
    let originals = [template.as_str(), "", "---\n---\n", HAND_WRITTEN];
    for original in originals {
        for hostile in HOSTILE {
            let changes = [
                Change::set("title", text(hostile)),
                Change::set("summary", text(&format!("摘要{hostile}"))),
                Change::set("location", text(&format!("{hostile}地点"))),
                Change::set("participants", FieldValue::list([*hostile, "乙"])),
                Change::set(
                    "photos",
                    FieldValue::Records(vec![photo(hostile, hostile), photo("b.jpg", "乙")]),
                ),
                Change::set(
                    "outputs",
                    FieldValue::Records(vec![vec![
                        ("kind".into(), text("report")),
                        ("title".into(), text(hostile)),
                        (
                            "results".into(),
                            FieldValue::Records(vec![vec![("note".into(), text(hostile))]]),
                        ),
                    ]]),
                ),
            ];
            let result = apply(original, ACTIVITY_KEYS, &changes, None)
                .unwrap_or_else(|e| panic!("{hostile:?}: {e}"));
            let context = format!("{hostile:?} in\n{result}");
            assert_eq!(
                scalar(node(&result, "title").as_ref()).as_deref(),
                Some(*hostile),
                "{context}"
            );
            assert_eq!(
                scalar(node(&result, "summary").as_ref()),
                Some(format!("摘要{hostile}")),
                "{context}"
            );
            assert_eq!(
                scalar(node(&result, "location").as_ref()),
                Some(format!("{hostile}地点")),
                "{context}"
            );
            let participants = node(&result, "participants").unwrap();
            let items: Vec<_> = participants
                .as_sequence()
                .unwrap()
                .iter()
                .map(|n| n.as_str())
                .collect();
            assert_eq!(items, [Some(*hostile), Some("乙")], "{context}");
            let photos = node(&result, "photos").unwrap();
            let first = photos.as_sequence().unwrap()[0].as_mapping().unwrap();
            assert_eq!(first.len(), 2, "{context}");
            for (_, value) in first {
                assert_eq!(scalar(Some(value)).as_deref(), Some(*hostile), "{context}");
            }
            let outputs = node(&result, "outputs").unwrap();
            let output = outputs.as_sequence().unwrap()[0].as_mapping().unwrap();
            assert_eq!(scalar(Some(&output[1].1)).as_deref(), Some(*hostile));
            let results = output[2].1.as_sequence().unwrap()[0].as_mapping().unwrap();
            assert_eq!(scalar(Some(&results[0].1)).as_deref(), Some(*hostile));
            // Whatever was written, the body is still the original's.
            if let Ok(split) = split_front_matter(original) {
                assert!(result.ends_with(split.body), "{context}");
            }
        }
    }
}

#[test]
fn an_unchanged_save_of_the_template_is_byte_identical() {
    let template = activity_document(&filled_draft());
    // The comment inside the first photo is what a careless rewrite would lose.
    assert!(template.contains("    # 请用一句话描述照片内容（必填）\n    alt:\n"));
    assert_eq!(edit(&template, &filled_form()), template);
    let empty = activity_document(&ActivityDraft::default());
    // The empty form: every field cleared, the two switches off.
    let nothing: Vec<Change> = ACTIVITY_KEYS
        .iter()
        .map(|k| match *k {
            "plenary_group" | "draft" => Change::set(*k, FieldValue::Bool(false)),
            _ => Change::clear(*k),
        })
        .collect();
    assert_eq!(edit(&empty, &nothing), empty);
}

#[test]
fn an_unchanged_save_keeps_a_hand_written_file_byte_for_byte() {
    let changes = [
        Change::set("title", text("2024")),
        Change::set("date", text("2024-03-15")),
        Change::set("kind", text("调研")),
        Change::set("participants", FieldValue::list(["张某某", "李某某"])),
        Change::set("plan", FieldValue::list(["p1"])),
        Change::set(
            "photos",
            FieldValue::Records(vec![vec![
                ("alt".into(), text("委员在江滩")),
                ("src".into(), text("a.jpg")),
            ]]),
        ),
        Change::set("draft", FieldValue::Bool(false)),
        Change::clear("summary"),
    ];
    assert_eq!(edit(HAND_WRITTEN, &changes), HAND_WRITTEN);
    // With the body given as it is, too.
    let body = split_front_matter(HAND_WRITTEN).unwrap().body;
    assert_eq!(
        apply(HAND_WRITTEN, ACTIVITY_KEYS, &changes, Some(body)).unwrap(),
        HAND_WRITTEN
    );
}

#[test]
fn filling_the_empty_template_keeps_every_comment() {
    let empty = activity_document(&ActivityDraft::default());
    let changes = [
        Change::set("title", text("教育界围绕“课后服务”开展界别协商")),
        Change::set("date", text("2025-06-01")),
        Change::set("kind", text("consultation")),
        Change::set("location", text("市政协 3 楼会议室")),
        Change::set("participants", FieldValue::list(["张某某", "李某某"])),
        Change::set("plan", FieldValue::list(["p1", "jiaoyu/p4"])),
        Change::set(
            "outputs",
            FieldValue::Records(vec![vec![
                ("kind".into(), text("report")),
                ("title".into(), text("关于课后服务的调研报告")),
            ]]),
        ),
        Change::set(
            "photos",
            FieldValue::Records(vec![photo("a.jpg", "委员座谈")]),
        ),
        Change::set("author", text("王某")),
        Change::set("summary", text("第一段。\n第二段。")),
        Change::set("draft", FieldValue::Bool(true)),
    ];
    let filled = edit(&empty, &changes);
    let before = comments(&empty);
    let after = comments(&filled);
    assert_eq!(before, after, "{filled}");
    let lines: Vec<&str> = filled.lines().collect();
    for expected in [
        "title: 教育界围绕“课后服务”开展界别协商",
        "date: 2025-06-01",
        "kind: consultation",
        "location: 市政协 3 楼会议室",
        "participants: [张某某, 李某某]",
        "plan: [p1, jiaoyu/p4]",
        "outputs:",
        "  - kind: report",
        "    title: 关于课后服务的调研报告",
        "photos:",
        "  - src: a.jpg",
        "    alt: 委员座谈",
        "author: 王某",
        "summary: |-",
        "  第一段。",
        "  第二段。",
        "draft: true",
    ] {
        assert!(
            lines.contains(&expected),
            "{expected} missing from\n{filled}"
        );
    }
    // Each key is still directly under its own comment.
    let under = |key: &str| {
        let at = lines.iter().position(|l| l.starts_with(&format!("{key}:")));
        at.map(|i| lines[i - 1])
    };
    assert_eq!(under("title"), Some("# 活动标题（必填）"));
    assert_eq!(
        under("photos"),
        Some("# 照片：放在本文件所在文件夹，alt 必须用一句话描述照片内容")
    );
    assert_eq!(under("author"), Some("# 撰稿联络员"));
    // The template's example photo stays where it was: after the new list.
    let example = lines
        .iter()
        .position(|l| l.starts_with("#  - { src: photo-1.jpg"))
        .unwrap();
    assert_eq!(lines[example - 1], "    alt: 委员座谈");
    assert!(filled.ends_with("---\n在这里写活动报道正文：时间、地点、参加人员、活动内容和成效。\n"));
}

#[test]
fn a_changed_photo_list_rewrites_only_photos() {
    let template = activity_document(&filled_draft());
    let photos = FieldValue::Records(vec![
        photo("river-1.jpg", "委员察看岸线修复"),
        vec![
            ("src".into(), text("river-3.jpg")),
            ("alt".into(), text("座谈会现场")),
            ("caption".into(), text("座谈: 现场")),
        ],
    ]);
    let mut form = filled_form();
    for change in &mut form {
        if change.key == "photos" {
            change.value = Some(photos.clone());
        }
    }
    let result = edit(&template, &form);
    let start = template.find("photos:\n").unwrap();
    let end = template.find("# 撰稿联络员").unwrap();
    assert_eq!(result[..start], template[..start]);
    assert!(result.ends_with(&template[end..]), "{result}");
    assert_eq!(
        &result[start..result.len() - (template.len() - end)],
        "photos:\n  - src: river-1.jpg\n    alt: 委员察看岸线修复\n  - src: river-3.jpg\n    alt: 座谈会现场\n    caption: \"座谈: 现场\"\n"
    );
}

#[test]
fn a_new_key_lands_in_documented_order() {
    let file = "---\n# 标题\ntitle: a\n\n# 活动类型\nkind: study\nvenue: x\n---\n";
    // After the nearest earlier key the file has, before the next key's comment.
    assert_eq!(
        edit(file, &[Change::set("end_date", text("2024-03-16")), Change::set("date", text("2024-03-15"))]),
        "---\n# 标题\ntitle: a\ndate: 2024-03-15\nend_date: 2024-03-16\n\n# 活动类型\nkind: study\nvenue: x\n---\n"
    );
    // After kind even though an unknown key follows it.
    assert_eq!(
        edit(
            file,
            &[Change::set("also_sectors", FieldValue::list(["jiaoyu"]))]
        ),
        "---\n# 标题\ntitle: a\n\n# 活动类型\nkind: study\nalso_sectors: [jiaoyu]\nvenue: x\n---\n"
    );
    // No earlier key: above the comment of the first later one.
    let later = "---\n# 说明\n\n# 活动类型\nkind: study\n---\n";
    assert_eq!(
        edit(later, &[Change::set("title", text("甲"))]),
        "---\n# 说明\n\ntitle: 甲\n# 活动类型\nkind: study\n---\n"
    );
    // No documented key at all, or a key outside the order: at the end.
    assert_eq!(
        edit(
            "---\nvenue: x\n# 末尾\n---\n",
            &[Change::set("title", text("甲"))]
        ),
        "---\nvenue: x\n# 末尾\ntitle: 甲\n---\n"
    );
    assert_eq!(
        edit(file, &[Change::set("extra", text("1"))]),
        "---\n# 标题\ntitle: a\n\n# 活动类型\nkind: study\nvenue: x\nextra: \"1\"\n---\n"
            .replace("\"1\"", "1")
    );
    // An indented front matter keeps its indentation.
    assert_eq!(
        edit(
            "---\n  title: a\n---\n",
            &[Change::set("date", text("2024-03-15"))]
        ),
        "---\n  title: a\n  date: 2024-03-15\n---\n"
    );
}

#[test]
fn a_key_is_emptied_under_its_comment_and_an_absent_one_is_left_out() {
    let file = "---\n# 活动类型\nkind: study  # 学习\nparticipants:\n  - 张某某\n  # 待补\n  - 李某某\n# 品牌\nbrand: river\n---\n";
    assert_eq!(
        edit(
            file,
            &[Change::clear("participants"), Change::clear("slug")]
        ),
        "---\n# 活动类型\nkind: study  # 学习\nparticipants:\n# 品牌\nbrand: river\n---\n"
    );
    assert_eq!(
        edit(
            file,
            &[Change::set("participants", FieldValue::List(vec![]))]
        ),
        "---\n# 活动类型\nkind: study  # 学习\nparticipants: []\n# 品牌\nbrand: river\n---\n"
    );
    assert_eq!(
        edit(file, &[Change::clear("kind")]),
        "---\n# 活动类型\nkind:  # 学习\nparticipants:\n  - 张某某\n  # 待补\n  - 李某某\n# 品牌\nbrand: river\n---\n"
    );
    // An end-of-line comment stays with a changed value.
    assert!(
        edit(file, &[Change::set("kind", text("research"))]).contains("\nkind: research  # 学习\n")
    );
    // Emptying what is already empty changes nothing.
    let empty = "---\ntitle:\nplan: []\nsummary: \"\"\n---\n";
    let clears = [
        Change::clear("title"),
        Change::set("plan", text("")),
        Change::clear("summary"),
    ];
    assert_eq!(edit(empty, &clears), empty);
}

#[test]
fn crlf_line_ends_are_kept_and_used_for_new_lines() {
    let file = "---\r\n# 标题\r\ntitle: a\r\nkind: study\r\n---\r\n正文\r\n";
    let result = edit(
        file,
        &[
            Change::set("title", text("一\n二")),
            Change::set("date", text("2024-03-15")),
            Change::set("photos", FieldValue::Records(vec![photo("a.jpg", "b")])),
        ],
    );
    assert_eq!(
        result,
        "---\r\n# 标题\r\ntitle: |-\r\n  一\r\n  二\r\ndate: 2024-03-15\r\nkind: study\r\nphotos:\r\n  - src: a.jpg\r\n    alt: b\r\n---\r\n正文\r\n"
    );
    assert_eq!(node(&result, "title").unwrap().as_str(), Some("一\n二"));
}

#[test]
fn a_bom_is_kept() {
    let file = "\u{feff}---\ntitle: a\n---\n正文\n";
    assert_eq!(
        edit(file, &[Change::set("title", text("b"))]),
        "\u{feff}---\ntitle: b\n---\n正文\n"
    );
    assert_eq!(edit(file, &[Change::set("title", text("a"))]), file);
    assert_eq!(
        edit("\u{feff}正文\n", &[Change::set("title", text("b"))]),
        "\u{feff}---\ntitle: b\n---\n正文\n"
    );
}

#[test]
fn a_file_without_front_matter_gets_it_above_its_text() {
    let changes = [
        Change::set("kind", text("study")),
        Change::set("title", text("学习会")),
        Change::clear("date"),
    ];
    assert_eq!(
        edit("正文第一段。\n\n---\n\n第二段。", &changes),
        "---\ntitle: 学习会\nkind: study\n---\n正文第一段。\n\n---\n\n第二段。"
    );
    assert_eq!(
        edit("正文\r\n", &changes),
        "---\r\ntitle: 学习会\r\nkind: study\r\n---\r\n正文\r\n"
    );
}

#[test]
fn an_empty_original_becomes_a_new_document() {
    let changes = [
        Change::set("draft", FieldValue::Bool(true)),
        Change::set("title", text("true")),
        Change::set("participants", FieldValue::list(["张某某"])),
        Change::clear("summary"),
    ];
    let expected = "---\ntitle: \"true\"\nparticipants: [张某某]\ndraft: true\n---\n";
    assert_eq!(edit("", &changes), expected);
    assert_eq!(edit("\n  \n", &changes), expected);
    assert_eq!(
        apply("", ACTIVITY_KEYS, &changes, Some("正文\n")).unwrap(),
        format!("{expected}正文\n")
    );
    assert_eq!(edit("", &[]), "---\n---\n");
}

#[test]
fn the_body_is_replaced_exactly_or_kept() {
    let file = "---\ntitle: a\n---\n旧正文\n\n第二段\n";
    assert_eq!(
        apply(file, ACTIVITY_KEYS, &[], Some("新正文\r\n---\n")).unwrap(),
        "---\ntitle: a\n---\n新正文\r\n---\n"
    );
    assert_eq!(
        apply(file, ACTIVITY_KEYS, &[], Some("")).unwrap(),
        "---\ntitle: a\n---\n"
    );
    assert_eq!(
        apply("---\ntitle: a\n---", ACTIVITY_KEYS, &[], Some("正文")).unwrap(),
        "---\ntitle: a\n---\n正文"
    );
    assert_eq!(
        apply("---\ntitle: a\n...\nx", ACTIVITY_KEYS, &[], Some("y")).unwrap(),
        "---\ntitle: a\n...\ny"
    );
    assert_eq!(
        edit(file, &[Change::set("title", text("b"))]),
        file.replace("a\n", "b\n")
    );
}

#[test]
fn lists_are_flow_when_short_and_plain_else_one_item_a_line() {
    let names: Vec<String> = (1..=12).map(|i| format!("委员{i}号")).collect();
    let result = edit(
        "",
        &[Change::set("participants", FieldValue::List(names.clone()))],
    );
    assert!(
        result.contains("participants:\n  - 委员1号\n  - 委员2号\n"),
        "{result}"
    );
    let result = edit(
        "",
        &[Change::set(
            "participants",
            FieldValue::list(["甲", "true"]),
        )],
    );
    assert!(
        result.contains("participants:\n  - 甲\n  - \"true\"\n"),
        "{result}"
    );
    let result = edit(
        "",
        &[Change::set(
            "participants",
            FieldValue::List(names[..3].to_vec()),
        )],
    );
    assert!(
        result.contains("participants: [委员1号, 委员2号, 委员3号]\n"),
        "{result}"
    );
}

#[test]
fn a_block_scalar_is_replaced_whole_and_the_next_keys_comment_stays() {
    let file = "---\nsummary: |\n  第一行\n  # 不是注释\n\n# 草稿说明\ndraft: false\n---\n";
    assert_eq!(
        edit(file, &[Change::set("summary", text("新摘要"))]),
        "---\nsummary: 新摘要\n\n# 草稿说明\ndraft: false\n---\n"
    );
    assert_eq!(
        edit(
            file,
            &[Change::set("summary", text("第一行\n# 不是注释\n"))]
        ),
        file
    );
}

#[test]
fn a_broken_front_matter_is_an_error_at_its_line() {
    let duplicate = "---\ntitle: a\ndate: 2024-03-15\ntitle: b\n---\n";
    match apply(
        duplicate,
        ACTIVITY_KEYS,
        &[Change::set("kind", text("study"))],
        None,
    ) {
        Err(EditError::FrontMatter { line, .. }) => assert_eq!(line, 4),
        other => panic!("{other:?}"),
    }
    let colon = "---\n# 标题\ntitle: 主题: 副题\n---\n";
    let error = apply(colon, ACTIVITY_KEYS, &[], None).unwrap_err();
    assert!(
        matches!(error, EditError::FrontMatter { line: 3, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("第 3 行"), "{error}");
    let unclosed = "---\ntitle: a\n正文\n";
    assert!(matches!(
        apply(unclosed, ACTIVITY_KEYS, &[], None),
        Err(EditError::FrontMatter { line: 1, .. })
    ));
    let list = "---\n- a\n- b\n---\n";
    assert_eq!(
        apply(list, ACTIVITY_KEYS, &[], None),
        Err(EditError::NotMapping { line: 2 })
    );
    let flow = "---\n{ title: a,\n  kind: study }\n---\n";
    assert!(matches!(
        apply(flow, ACTIVITY_KEYS, &[], None),
        Err(EditError::Layout { line: 2, .. })
    ));
}

#[test]
fn keys_that_yaml_would_misread_and_repeated_changes_are_refused() {
    for key in ["", "a: b", "#x", "true", " title"] {
        assert_eq!(
            apply("", ACTIVITY_KEYS, &[Change::set(key, text("x"))], None),
            Err(EditError::InvalidKey(key.to_string()))
        );
    }
    let twice = [Change::set("title", text("a")), Change::clear("title")];
    assert_eq!(
        apply("", ACTIVITY_KEYS, &twice, None),
        Err(EditError::DuplicateChange("title".into()))
    );
    let record = FieldValue::Records(vec![vec![("src: x".into(), text("a"))]]);
    assert_eq!(
        apply("", ACTIVITY_KEYS, &[Change::set("photos", record)], None),
        Err(EditError::InvalidKey("src: x".into()))
    );
}

#[test]
fn values_are_compared_as_the_readers_read_them() {
    let held = |yaml: &str| {
        yaml::parse(&format!("k: {yaml}\n"))
            .unwrap()
            .as_mapping()
            .unwrap()[0]
            .1
            .clone()
    };
    assert!(same(Some(&text("2024")), Some(&held("\"2024\""))));
    assert!(!same(Some(&text("2024")), Some(&held("2025"))));
    assert!(same(Some(&FieldValue::Bool(true)), Some(&held("是"))));
    assert!(!same(Some(&FieldValue::Bool(false)), Some(&held("true"))));
    assert!(!same(Some(&FieldValue::Bool(false)), None));
    assert!(same(
        Some(&FieldValue::list(["甲", "乙"])),
        Some(&held("甲、乙"))
    ));
    assert!(same(Some(&FieldValue::list(["甲"])), Some(&held("[甲]"))));
    assert!(!same(
        Some(&FieldValue::list(["甲"])),
        Some(&held("[甲, 乙]"))
    ));
    assert!(same(None, Some(&held("[]"))));
    assert!(same(Some(&text("")), Some(&held("~"))));
    let photo_node = held("[{ src: a.jpg, alt: b, caption: }]");
    assert!(same(
        Some(&FieldValue::Records(vec![photo("a.jpg", "b")])),
        Some(&photo_node)
    ));
    assert!(!same(
        Some(&FieldValue::Records(vec![vec![(
            "src".into(),
            text("a.jpg")
        )]])),
        Some(&photo_node)
    ));
}

#[test]
fn values_written_over_several_lines_are_replaced_whole() {
    let file = "---\ntitle: \"第一行\n  第二行\"\nplan: [p1,\n  p2]\nphotos:\n- src: a.jpg\n  alt: x\n# 草稿\ndraft: false\n---\n";
    let result = edit(
        file,
        &[
            Change::set("title", text("新")),
            Change::set("plan", FieldValue::list(["p3"])),
            Change::set("photos", FieldValue::Records(vec![photo("b.jpg", "江滩")])),
        ],
    );
    assert_eq!(
        result,
        "---\ntitle: 新\nplan: [p3]\nphotos:\n  - src: b.jpg\n    alt: 江滩\n# 草稿\ndraft: false\n---\n"
    );
    // Unchanged, the liaison's own layout stays.
    let same_values = [
        Change::set("title", text("第一行 第二行")),
        Change::set("plan", FieldValue::list(["p1", "p2"])),
        Change::set("photos", FieldValue::Records(vec![photo("a.jpg", "x")])),
    ];
    assert_eq!(edit(file, &same_values), file);
}

#[test]
fn a_result_that_does_not_read_back_is_refused() {
    let original = "---\ntitle: a\nkind: study\n---\n";
    assert_eq!(
        verify(original, "---\ntitle: a\n---\n", &[]),
        Err(EditError::NotKept("kind".into()))
    );
    assert_eq!(
        verify(original, original, &[Change::set("title", text("b"))]),
        Err(EditError::NotKept("title".into()))
    );
    assert_eq!(
        verify(original, "---\ntitle: a\nkind: study\nslug: x\n---\n", &[]),
        Err(EditError::NotKept("slug".into()))
    );
    assert_eq!(
        verify(original, "---\ntitle: [\n---\n", &[Change::clear("title")]),
        Err(EditError::NotKept("title".into()))
    );
    assert_eq!(verify(original, original, &[]), Ok(()));
}
