//! A report's chart as a DrawingML chart part (`word/charts/chartN.xml`, `c:chartSpace`).
//!
//! Why a native chart rather than a picture: Word and LibreOffice draw it themselves with
//! the document's fonts, so its Chinese labels are as legible as the text around it on
//! any computer that can show the paper (a PNG would need a rasteriser and CJK fonts at
//! build time, and bytes that differ with the fonts installed); it is plain XML from the
//! chart's own numbers, so the same report gives the same bytes; it stays vector in the
//! PDF (its labels are text a reader can find); and the data sits in the part
//! (`c:strCache`, `c:numCache`) where a test reads it back. No workbook is embedded:
//! Word shows and prints the chart from those caches, and only “edit data” needs one.

use super::ooxml::{esc, BODY_FONT, HEADER, LATIN_FONT};
use crate::render::chart::{BarChart, Direction};
use std::fmt::Write;

/// The content type of a chart part.
pub const CHART_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
/// The relationship type from the document to a chart part.
pub const CHART_RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";

const C_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const A_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The category axis's and the value axis's ids (any two numbers, fixed for equal bytes).
const CATEGORY_AXIS: u32 = 100;
const VALUE_AXIS: u32 = 200;

/// Text properties: 9 pt, the paper's body font for Chinese, Times New Roman for digits.
fn text_properties(size: u32) -> String {
    format!(
        "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"{size}\" b=\"0\">\
         <a:solidFill><a:srgbClr val=\"1F1F1F\"/></a:solidFill>\
         <a:latin typeface=\"{LATIN_FONT}\"/><a:ea typeface=\"{BODY_FONT}\"/><a:cs typeface=\"{LATIN_FONT}\"/>\
         </a:defRPr></a:pPr><a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>"
    )
}

/// A column letter of the (notional) sheet the references name: A for the labels, then
/// B, C, … for the series.
fn column(index: usize) -> char {
    char::from(b'B' + u8::try_from(index.min(24)).unwrap_or(24))
}

/// A round whole step (1, 2, 5, 10, 20, 50, …) for the value axis giving at most about
/// five gridlines: counts are whole numbers, and an automatic axis would show 0.5 steps
/// for small ones.
fn major_unit(chart: &BarChart) -> u32 {
    let max = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0);
    let wanted = max.div_ceil(5).max(1);
    let mut step = 1u32;
    loop {
        for factor in [1, 2, 5] {
            let candidate = step.saturating_mul(factor);
            if candidate >= wanted {
                return candidate;
            }
        }
        step = step.saturating_mul(10);
    }
}

/// `word/charts/chartN.xml` for `chart`: a clustered bar chart (horizontal bars for
/// sectors and kinds, first at the top; columns for months), one series per
/// [`crate::render::chart::Series`] in its colour with its values printed at the bars,
/// the legend on top. Labels and values are the chart's own, in order.
pub fn chart_part(chart: &BarChart) -> String {
    let horizontal = chart.direction == Direction::Horizontal;
    let count = chart.labels.len();
    let mut out = format!(
        "{HEADER}<c:chartSpace xmlns:c=\"{C_NS}\" xmlns:a=\"{A_NS}\" xmlns:r=\"{R_NS}\">\
         <c:date1904 val=\"0\"/><c:lang val=\"zh-CN\"/><c:roundedCorners val=\"0\"/>\
         <c:chart><c:autoTitleDeleted val=\"1\"/><c:plotArea><c:layout/>\
         <c:barChart><c:barDir val=\"{}\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>",
        if horizontal { "bar" } else { "col" }
    );
    let categories = {
        let mut cache = format!("<c:ptCount val=\"{count}\"/>");
        for (i, label) in chart.labels.iter().enumerate() {
            let _ = write!(cache, "<c:pt idx=\"{i}\"><c:v>{}</c:v></c:pt>", esc(label));
        }
        format!(
            "<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${}</c:f><c:strCache>{cache}</c:strCache></c:strRef></c:cat>",
            count + 1
        )
    };
    for (si, series) in chart.series.iter().enumerate() {
        let col = column(si);
        let colour = series.colour.trim_start_matches('#').to_ascii_uppercase();
        let _ = write!(
            out,
            "<c:ser><c:idx val=\"{si}\"/><c:order val=\"{si}\"/>\
             <c:tx><c:strRef><c:f>Sheet1!${col}$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>{}</c:v></c:pt></c:strCache></c:strRef></c:tx>\
             <c:spPr><a:solidFill><a:srgbClr val=\"{colour}\"/></a:solidFill></c:spPr><c:invertIfNegative val=\"0\"/>\
             <c:dLbls><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{}<c:dLblPos val=\"outEnd\"/>\
             <c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/><c:showSerName val=\"0\"/>\
             <c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>{categories}\
             <c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"{count}\"/>",
            esc(&series.name),
            text_properties(800),
            count + 1
        );
        for (i, value) in series.values.iter().enumerate().take(count) {
            let _ = write!(out, "<c:pt idx=\"{i}\"><c:v>{value}</c:v></c:pt>");
        }
        out.push_str("</c:numCache></c:numRef></c:val></c:ser>");
    }
    let line = "<c:spPr><a:ln w=\"9525\"><a:solidFill><a:srgbClr val=\"1F1F1F\"/></a:solidFill></a:ln></c:spPr>";
    let grid = "<c:majorGridlines><c:spPr><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"D9D9D9\"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>";
    // Horizontal bars list the categories top down (the axis reversed) with the value
    // axis along the bottom, where it then crosses at the last category.
    let (orientation, category_at, value_at, crosses) = if horizontal {
        ("maxMin", "l", "b", "max")
    } else {
        ("minMax", "b", "l", "autoZero")
    };
    let _ = write!(
        out,
        "<c:gapWidth val=\"60\"/><c:overlap val=\"0\"/><c:axId val=\"{CATEGORY_AXIS}\"/><c:axId val=\"{VALUE_AXIS}\"/></c:barChart>\
         <c:catAx><c:axId val=\"{CATEGORY_AXIS}\"/><c:scaling><c:orientation val=\"{orientation}\"/></c:scaling><c:delete val=\"0\"/>\
         <c:axPos val=\"{category_at}\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/>\
         <c:tickLblPos val=\"nextTo\"/>{line}{labels}<c:crossAx val=\"{VALUE_AXIS}\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/>\
         <c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:tickLblSkip val=\"1\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>\
         <c:valAx><c:axId val=\"{VALUE_AXIS}\"/><c:scaling><c:orientation val=\"minMax\"/><c:min val=\"0\"/></c:scaling><c:delete val=\"0\"/>\
         <c:axPos val=\"{value_at}\"/>{grid}<c:numFmt formatCode=\"0\" sourceLinked=\"0\"/><c:majorTickMark val=\"out\"/><c:minorTickMark val=\"none\"/>\
         <c:tickLblPos val=\"nextTo\"/>{line}{labels}<c:crossAx val=\"{CATEGORY_AXIS}\"/><c:crosses val=\"{crosses}\"/>\
         <c:crossBetween val=\"between\"/><c:majorUnit val=\"{}\"/></c:valAx>\
         <c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>\
         <c:legend><c:legendPos val=\"t\"/><c:overlay val=\"0\"/>{legend}</c:legend>\
         <c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>\
         <c:spPr><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>{text}</c:chartSpace>",
        major_unit(chart),
        labels = text_properties(900),
        legend = text_properties(1000),
        text = text_properties(900),
    );
    out
}
