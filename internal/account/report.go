package account

// CanWriteReport reports whether u may write the team's narrative texts of
// the yearly progress report.
func (u User) CanWriteReport() bool { return u.CanEditProgramme() }

// CanFreezeReport reports whether u may freeze a yearly report as a council
// dossier (raadsdossier): a formal act of the programme team.
func (u User) CanFreezeReport() bool { return u.CanEditProgramme() }
