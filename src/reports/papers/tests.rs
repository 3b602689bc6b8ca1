//! Unit tests of the papers: each XML part parsed back, the layout's numbers, the notice's
//! body and its refusals.
