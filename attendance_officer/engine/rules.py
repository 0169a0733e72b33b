"""The rules a report's flag comes from, by name, each with its source in the domain reference.

Every band, threshold, return figure and projection a report shows can be opened to the
sessions it counted and the rule that produced it ("every flag explains itself"). The text
here is what the user reads beside those sessions; the rule itself is the function named,
in this package, written once.
"""

from __future__ import annotations

from dataclasses import dataclass

from attendance_officer.engine.i18n import _

REFERENCE = "../shared/domain/uk-attendance-rules.md"


@dataclass(frozen=True)
class Rule:
	name: str
	function: str  # where the rule is written (engine module.function)
	source: str  # the section of the domain reference it comes from
	text: str


RULES: dict[str, Rule] = {
	rule.name: rule
	for rule in (
		Rule(
			"attendance",
			"engine.statistics.summarise",
			_("Domain reference section 2: possible sessions and the attendance rate"),
			_(
				"Possible sessions are those coded present, approved educational activity, or authorised "
				"or unauthorised absence; codes D, X, Q, Y1-Y7, Z and # are left out. Attendance % = "
				"attending sessions x 100 / possible sessions, shown to 1 decimal place. Each pupil is "
				"counted from their admission date."
			),
		),
		Rule(
			"band",
			"engine.statistics.band",
			_("Domain reference section 2: persistent absence (DfE), severe absence (DfE), local bands"),
			_(
				"Severe absence: absence of 50% or more of the pupil's possible sessions. Persistent absence: "
				"10% or more (so exactly 90.0% attendance is persistent absence). At risk and concern: "
				"attendance below the school's own lines in Attendance Settings (local practice, not "
				"statutory). Decided on the exact fraction, never the rounded figure."
			),
		),
		Rule(
			"projection",
			"engine.projection.project",
			_("Domain reference section 2, applied to the sessions left in the school year"),
			_(
				"Best possible: the attendance % by the end of the year if the pupil attends every "
				"remaining school session. Sessions to leave persistent absence: how many sessions in a "
				"row the pupil must attend before their absence falls below 10% of their possible sessions."
			),
		),
		Rule(
			"national",
			"engine.school_age.in_national_figures",
			_("Domain reference section 2: official statistics cover compulsory school age"),
			_(
				"The national persistent and severe absence figures cover pupils of compulsory school age "
				"(aged 5 to 15 on the 31 August before the school year). Sixth-form pupils are in the "
				"school's own figures and totalled apart."
			),
		),
		Rule(
			"pattern",
			"engine.patterns.absence_pattern",
			_("Domain reference section 2: the absence rate, taken over one weekday or session"),
			_(
				"Absence % on a weekday = sessions of absence (authorised and unauthorised) on that "
				"weekday x 100 / possible sessions on that weekday. A group's figure sums its pupils' "
				"sessions. Days next to a break: the school days before and after a holiday or a weekend."
			),
		),
		Rule(
			"punctuality",
			"engine.patterns.punctuality",
			_("Domain reference section 1: codes L and U"),
			_(
				"L: arrived late, before the register closed (counts as attending). U: arrived after the "
				"register closed (an unauthorised absence for the session). Minutes late are counted "
				"from when the register opened."
			),
		),
		Rule(
			"census",
			"engine.census.census_parts",
			_("Domain reference section 5: school census (termly), absence one term in arrears"),
			_(
				"Spring census: 1 August to 31 December. Summer census: 1 January to Easter Sunday. "
				"Autumn census: Easter Monday to the Sunday before the spring bank holiday, then to 31 July. "
				"Each part returns possible sessions and sessions per absence code; N, missing marks and "
				"withdrawn codes must be resolved first."
			),
		),
	)
}


def rule(name: str) -> Rule:
	"""The named rule; KeyError names the rules there are."""
	try:
		return RULES[name]
	except KeyError:
		raise KeyError(f"no rule {name!r}; the rules are {', '.join(RULES)}") from None
