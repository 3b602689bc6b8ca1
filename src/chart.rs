//! Charts: bar charts drawn as inline SVG at build time (no JavaScript), each with a text
//! alternative (a data table) and a dashed quota line where one applies.
