package account

// The rights around the experience surveys and the learning log. The
// programme team runs the surveys and draws lessons; ervaringsdeskundigen
// bring in what they hear, so they may record signals.

// CanManageSurveys reports whether u may upload questionnaires, create,
// publish and close waves, hand out survey links, import answers and put
// results into the indicator register.
func (u User) CanManageSurveys() bool { return u.CanEditProgramme() }

// CanReadOpenAnswers reports whether u may read residents' answers in
// their own words: those who run the surveys and the
// ervaringsdeskundigen who help read them. Others see how many there are.
func (u User) CanReadOpenAnswers() bool { return u.CanManageSurveys() || u.Role == RoleExpert }

// CanRecordSignal reports whether u may add a signal to the learning log.
func (u User) CanRecordSignal() bool { return u.CanEditProgramme() || u.Role == RoleExpert }

// CanRecordLesson reports whether u may add a lesson to the learning log.
func (u User) CanRecordLesson() bool { return u.CanEditProgramme() }

// CanDecide reports whether u may record a decision, which may recalibrate
// the programme.
func (u User) CanDecide() bool { return u.CanEditProgramme() }
