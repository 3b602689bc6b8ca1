//! "Did you mean …?" for misspelt ids, keys and names.

/// Edit distance between two strings, counted in characters (so 张某某/张某 is 1).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The candidate nearest to `wrong`, if it is near enough to be a plausible typo.
pub fn nearest<'a, I>(wrong: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wrong_lower = wrong.to_lowercase();
    let limit = (wrong.chars().count() / 3).max(1) + 1;
    candidates
        .into_iter()
        .map(|c| (distance(&wrong_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= limit && *d < c.chars().count().max(2) && *c != wrong)
        .min_by(|(d1, c1), (d2, c2)| d1.cmp(d2).then(c1.cmp(c2)))
        .map(|(_, c)| c)
}

/// "是否想写 “x”？" ("did you mean “x”?") or nothing: ready to append to a help text.
pub fn did_you_mean<'a, I>(wrong: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    nearest(wrong, candidates).map(|c| crate::tr!("是否想写 “{c}”？", "did you mean “{c}”?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_characters() {
        assert_eq!(distance("participants", "particpants"), 1);
        assert_eq!(distance("张某某", "张某"), 1);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn nearest_finds_typos_but_not_unrelated_words() {
        let keys = ["participants", "photos", "plan"];
        assert_eq!(nearest("particpants", keys), Some("participants"));
        assert_eq!(nearest("Photos", keys), Some("photos"));
        assert_eq!(nearest("zzzzzz", keys), None);
        assert_eq!(
            nearest("plan", keys),
            None,
            "the text itself is no suggestion"
        );
        assert_eq!(nearest("reserch", ["research", "study"]), Some("research"));
    }
}
