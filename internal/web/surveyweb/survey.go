package surveyweb

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/chart"
	"github.com/perspectief/perspectief/internal/survey"
)

// The team's survey pages: waves and questionnaires, a wave with its link,
// QR code and actions, and the results.

type waveRow struct {
	survey.Wave
	Responses int
}

type surveysView struct {
	web.Page
	Waves          []waveRow
	Questionnaires []questionnaireRow
	CanManage      bool
}

type questionnaireRow struct {
	Code, Title, Audience string
	Latest                int
}

func (s *Pages) surveyList(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	ctx := r.Context()
	waves, err := s.Surveys.Waves(ctx)
	if err != nil {
		return err
	}
	counts, err := s.Surveys.Store.ResponseCounts(ctx)
	if err != nil {
		return err
	}
	v := surveysView{Page: s.Page(r, rc, "Ervaringsonderzoek", "enquetes"), CanManage: rc.User.CanManageSurveys()}
	for _, wv := range waves {
		v.Waves = append(v.Waves, waveRow{Wave: wv, Responses: counts[wv.Code]})
	}
	qs, err := s.Surveys.Questionnaires(ctx)
	if err != nil {
		return err
	}
	for _, q := range qs {
		if n := len(v.Questionnaires); n > 0 && v.Questionnaires[n-1].Code == q.Code {
			v.Questionnaires[n-1].Latest = q.Version
			continue
		}
		v.Questionnaires = append(v.Questionnaires, questionnaireRow{Code: q.Code, Title: q.Title, Audience: q.Audience.Label(), Latest: q.Version})
	}
	s.Render(w, r, http.StatusOK, "surveys", v)
	return nil
}

// waveFormView is the form to create or change a draft wave.
type waveFormView struct {
	web.Page
	Edit           bool
	In             survey.WaveInput
	Questionnaires []web.Option
	Errors         []web.FieldErr
	Summary        string
	FieldErrors    map[string]string
}

func (v waveFormView) Err(id string) string { return v.FieldErrors[id] }

func (s *Pages) waveForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanManageSurveys(), "een meting aanmaakt"); err != nil {
		return err
	}
	in := survey.WaveInput{Access: survey.OpenLink, MinN: survey.DefaultMinN}
	edit := r.PathValue("code") != ""
	if edit {
		wv, _, err := s.Surveys.Wave(r.Context(), r.PathValue("code"))
		if err != nil {
			return err
		}
		if wv.Status != survey.Draft {
			return perspectief.Errorf(perspectief.CodeConflict, "Meting %s is gepubliceerd en verandert niet meer.", wv.Code)
		}
		in = survey.WaveInput{Code: wv.Code, Title: wv.Title, Questionnaire: wv.Questionnaire, Version: wv.Version, Period: wv.Period, Access: wv.Access, MinN: wv.MinN, Note: wv.Note}
	}
	return s.showWaveForm(w, r, rc, http.StatusOK, waveFormView{Edit: edit, In: in})
}

func (s *Pages) showWaveForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, v waveFormView) error {
	title := "Nieuwe meting"
	if v.Edit {
		title = "Meting " + v.In.Code + " wijzigen"
	}
	v.Page = s.Page(r, rc, title, "enquetes")
	if len(v.Errors) > 0 {
		v.Title = "Fout: " + v.Title
	}
	qs, err := s.Surveys.Questionnaires(r.Context())
	if err != nil {
		return err
	}
	sel := fmt.Sprintf("%s@%d", v.In.Questionnaire, v.In.Version)
	for i := len(qs) - 1; i >= 0; i-- {
		q := qs[i]
		val := fmt.Sprintf("%s@%d", q.Code, q.Version)
		v.Questionnaires = append(v.Questionnaires, web.Option{Value: val, Label: fmt.Sprintf("%s, versie %d (%s)", q.Title, q.Version, q.Code), Selected: val == sel})
	}
	s.Render(w, r, status, "wave_form", v)
	return nil
}

func (s *Pages) waveSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	f := r.PostForm
	code := r.PathValue("code")
	in := survey.WaveInput{Code: f.Get("code"), Title: f.Get("titel"), Period: f.Get("periode"), Access: survey.Access(f.Get("toegang")), Note: f.Get("toelichting")}
	if code != "" {
		in.Code = code
	}
	in.Questionnaire, in.Version = splitQuestionnaire(f.Get("vragenlijst"))
	minN := strings.TrimSpace(f.Get("minimum_n"))
	var perr string
	if minN != "" {
		n, err := strconv.Atoi(minN)
		if err != nil {
			perr = "Vul een heel getal in"
		}
		in.MinN = n
	}
	var err error
	if perr == "" {
		if code != "" {
			_, err = s.Surveys.UpdateWave(r.Context(), *rc.User, in)
		} else {
			_, err = s.Surveys.CreateWave(r.Context(), *rc.User, in)
		}
		if err == nil {
			http.Redirect(w, r, "/enquetes/"+in.Code+"?melding=meting", http.StatusSeeOther)
			return nil
		}
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid && perspectief.ErrorCode(err) != perspectief.CodeConflict {
			return err
		}
	}
	v := waveFormView{Edit: code != "", In: in, FieldErrors: map[string]string{}}
	if in.MinN == 0 && minN == "" {
		v.In.MinN = survey.DefaultMinN
	}
	if perr != "" {
		v.Errors = append(v.Errors, web.FieldErr{Anchor: "minimum_n", Message: "Minimum aantal antwoorden: " + perr})
		v.FieldErrors["minimum_n"] = perr
	} else if perspectief.ErrorCode(err) == perspectief.CodeConflict {
		v.Summary = perspectief.ErrorMessage(err)
		v.Errors = append(v.Errors, web.FieldErr{Anchor: "code", Message: perspectief.ErrorMessage(err)})
		v.FieldErrors["code"] = perspectief.ErrorMessage(err)
	} else {
		v.Summary = perspectief.ErrorMessage(err)
		list, byKey := web.FormErrors(err, func(path string) web.Place { return web.Place{Anchor: path} })
		v.Errors = append(v.Errors, list...)
		for k, msg := range byKey {
			if _, dup := v.FieldErrors[k]; !dup {
				v.FieldErrors[k] = msg
			}
		}
	}
	return s.showWaveForm(w, r, rc, http.StatusUnprocessableEntity, v)
}

// splitQuestionnaire reads "code@version" from the questionnaire select.
func splitQuestionnaire(s string) (string, int) {
	code, ver, _ := strings.Cut(s, "@")
	n, _ := strconv.Atoi(ver)
	return code, n
}

type waveView struct {
	web.Page
	Wave          *survey.Wave
	Q             *survey.Questionnaire
	Responses     int
	HeldBack      int // open-link submissions the throttle stopped
	Issued, Used  int
	Link          string
	QR            template.HTML
	CanManage     bool
	ImportMessage string
	ImportDetails []string
	Tokens        []string // new personal links, shown once
	TokenLinks    []string
	Goals         map[string]string // goal code → title
	Indicators    map[string]string // indicator code → name
}

// publicBase is the address residents reach the site at: the configured
// one, or the one this request came in on.
func (s *Pages) publicBase(r *http.Request) string {
	if s.PublicURL != "" {
		return strings.TrimSuffix(s.PublicURL, "/")
	}
	scheme := "http"
	if s.IsSecure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Pages) loadWaveView(r *http.Request, rc *web.ReqCtx, code string) (*waveView, error) {
	ctx := r.Context()
	wv, q, err := s.Surveys.Wave(ctx, code)
	if err != nil {
		return nil, err
	}
	v := &waveView{Page: s.Page(r, rc, "Meting "+wv.Title, "enquetes"), Wave: wv, Q: q, CanManage: rc.User.CanManageSurveys()}
	counts, err := s.Surveys.Store.ResponseCounts(ctx)
	if err != nil {
		return nil, err
	}
	v.Responses = counts[code]
	if v.Issued, v.Used, err = s.Surveys.Store.TokenCounts(ctx, code); err != nil {
		return nil, err
	}
	if v.HeldBack, err = s.Surveys.HeldBack(ctx, code); err != nil {
		return nil, err
	}
	if wv.Access == survey.OpenLink {
		v.Link = s.publicBase(r) + "/enquete/" + wv.LinkKey
		svg, err := chart.QR(v.Link, "QR-code van de vragenlijst "+wv.Title, "Wie deze code scant met de camera van een telefoon, opent de vragenlijst op "+v.Link+".")
		if err != nil {
			return nil, err
		}
		v.QR = template.HTML(svg) // built from escaped text by chart.QR
	}
	v.Goals, v.Indicators = map[string]string{}, map[string]string{}
	if m, err := s.Programme.Model(ctx); err == nil {
		for _, g := range m.Goals {
			v.Goals[g.Code] = g.Title
		}
	}
	if reg, err := s.Indicators.Register(ctx); err == nil {
		for _, ind := range reg.Indicators {
			v.Indicators[ind.Code] = ind.Name
		}
	}
	return v, nil
}

func (s *Pages) wavePage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	v, err := s.loadWaveView(r, rc, r.PathValue("code"))
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "wave", v)
	return nil
}

// waveQR serves the open link's QR code as an SVG file to print.
func (s *Pages) waveQR(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	v, err := s.loadWaveView(r, rc, r.PathValue("code"))
	if err != nil {
		return err
	}
	if v.QR == "" {
		return perspectief.Errorf(perspectief.CodeNotFound, "Meting %s heeft persoonlijke links en geen open link.", v.Wave.Code)
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Content-Disposition", `attachment; filename="qr-`+v.Wave.Code+`.svg"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + string(v.QR)))
	return nil
}

// waveAction runs one of the wave's buttons and comes back to the wave.
func (s *Pages) waveAction(action func(r *http.Request, rc *web.ReqCtx, code string) error, notice string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
		code := r.PathValue("code")
		if err := action(r, rc, code); err != nil {
			return err
		}
		http.Redirect(w, r, "/enquetes/"+code+"?melding="+notice, http.StatusSeeOther)
		return nil
	}
}

func (s *Pages) wavePublish(r *http.Request, rc *web.ReqCtx, code string) error {
	return s.Surveys.Publish(r.Context(), *rc.User, code)
}

func (s *Pages) waveClose(r *http.Request, rc *web.ReqCtx, code string) error {
	return s.Surveys.Close(r.Context(), *rc.User, code)
}

func (s *Pages) wavePush(r *http.Request, rc *web.ReqCtx, code string) error {
	_, _, err := s.Surveys.PushToRegister(r.Context(), *rc.User, code)
	return err
}

// waveTokens makes personal links and shows them once.
func (s *Pages) waveTokens(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	code := r.PathValue("code")
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("aantal")))
	if err != nil {
		n = 0
	}
	tokens, err := s.Surveys.IssueTokens(r.Context(), *rc.User, code, n)
	if err != nil {
		return err
	}
	v, err := s.loadWaveView(r, rc, code)
	if err != nil {
		return err
	}
	v.Tokens = tokens
	base := s.publicBase(r) + "/enquete/"
	for _, t := range tokens {
		v.TokenLinks = append(v.TokenLinks, base+t)
	}
	v.Notice = fmt.Sprintf("Er zijn %d persoonlijke links gemaakt. Bewaar of print ze nu: ze worden niet opgeslagen en zijn later niet meer te zien.", len(tokens))
	s.Render(w, r, http.StatusOK, "wave", v)
	return nil
}

// waveImport reads a CSV of answers; a refused file is listed with its
// lines on the wave page.
func (s *Pages) waveImport(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	code := r.PathValue("code")
	if err := account.Require(rc.User.CanManageSurveys(), "antwoorden inleest"); err != nil {
		return err
	}
	file, hdr, err := r.FormFile("bestand")
	var imp *survey.Import
	if err == nil {
		defer file.Close()
		imp, err = s.Surveys.ImportCSV(r.Context(), *rc.User, code, hdr.Filename, file)
	} else if errors.Is(err, http.ErrMissingFile) {
		err = perspectief.Errorf(perspectief.CodeInvalid, "Kies een CSV-bestand om in te lezen.")
	}
	if err == nil {
		notice := "antwoorden-ingelezen"
		if imp.Added == 0 {
			notice = "antwoorden-bekend"
		}
		http.Redirect(w, r, fmt.Sprintf("/enquetes/%s?melding=%s&aantal=%d", code, notice, imp.Added), http.StatusSeeOther)
		return nil
	}
	if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
		return err
	}
	v, lerr := s.loadWaveView(r, rc, code)
	if lerr != nil {
		return lerr
	}
	v.Title = "Fout: " + v.Title
	v.ImportMessage, v.ImportDetails = perspectief.ErrorMessage(err), perspectief.ErrorDetails(err)
	s.Render(w, r, http.StatusUnprocessableEntity, "wave", v)
	return nil
}

type resultsView struct {
	web.Page
	Res       *survey.Results
	Questions []questionResultView
	ByArea    bool
	MinN      int
	ReadOpen  bool // the user may read the answers in respondents' own words
}

type questionResultView struct {
	survey.QuestionResult
	Chart template.HTML
}

func (s *Pages) waveResults(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	res, err := s.Surveys.Results(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	v := resultsView{Page: s.Page(r, rc, "Resultaten "+res.Wave.Title, "enquetes"), Res: res, ByArea: len(res.Questionnaire.Areas) > 0, MinN: res.MinN,
		ReadOpen: rc.User.CanReadOpenAnswers()}
	for _, qr := range res.Questions {
		qv := questionResultView{QuestionResult: qr}
		var bars []chart.Bar
		add := func(label string, c survey.Cell) {
			b := chart.Bar{Label: label, OK: !c.Suppressed, Value: 100 * c.Share, Low: 100 * c.Low, High: 100 * c.High, Interval: true}
			if c.Suppressed {
				b.Missing = "niet getoond (zie de tabel)"
			}
			bars = append(bars, b)
		}
		add("Alle antwoorden", qr.Total)
		if v.ByArea {
			for _, c := range qr.ByArea {
				if !c.Empty {
					add(c.AreaName, c)
				}
			}
		}
		desc := "Aandeel met " + qr.Question.Kind.CountsAs() + ", met het 95%-interval als streep. De getallen staan in de tabel onder de grafiek."
		qv.Chart = template.HTML(chart.Bars{Title: qr.Question.Text, Desc: desc, Bars: bars, Percent: true, Max: 100}.SVG())
		v.Questions = append(v.Questions, qv)
	}
	s.Render(w, r, http.StatusOK, "survey_results", v)
	return nil
}

type questionnairesView struct {
	web.Page
	Q          *survey.Questionnaire
	Versions   []int
	Message    string
	Details    []string
	Goals      map[string]string
	Indicators map[string]string
}

// questionnairePage shows one version of a questionnaire, or downloads it
// as a file to edit (?formaat=yaml).
func (s *Pages) questionnairePage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	code := r.PathValue("code")
	ver, _ := strconv.Atoi(r.URL.Query().Get("versie"))
	q, err := s.Surveys.Questionnaire(r.Context(), code, ver)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("formaat") == "yaml" {
		var buf bytes.Buffer
		if err := survey.WriteFile(&buf, q); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="vragenlijst-%s-v%d.yaml"`, q.Code, q.Version))
		_, _ = w.Write(buf.Bytes())
		return nil
	}
	all, err := s.Surveys.Questionnaires(r.Context())
	if err != nil {
		return err
	}
	v := questionnairesView{Page: s.Page(r, rc, fmt.Sprintf("Vragenlijst %s, versie %d", q.Title, q.Version), "enquetes"), Q: q}
	for _, x := range all {
		if x.Code == code {
			v.Versions = append(v.Versions, x.Version)
		}
	}
	s.Render(w, r, http.StatusOK, "questionnaire", v)
	return nil
}

// questionnaireUpload stores an uploaded questionnaire file as a new
// version.
func (s *Pages) questionnaireUpload(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanManageSurveys(), "een vragenlijst inleest"); err != nil {
		return err
	}
	file, hdr, err := r.FormFile("bestand")
	var q *survey.Questionnaire
	if err == nil {
		defer file.Close()
		q, _, err = s.Surveys.ReadAndSave(r.Context(), *rc.User, hdr.Filename, file)
	} else if errors.Is(err, http.ErrMissingFile) {
		err = perspectief.Errorf(perspectief.CodeInvalid, "Kies een vragenlijstbestand (YAML) om in te lezen.")
	}
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/vragenlijsten/%s?versie=%d&melding=vragenlijst", q.Code, q.Version), http.StatusSeeOther)
		return nil
	}
	if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
		return err
	}
	v := questionnairesView{Page: s.Page(r, rc, "Fout: vragenlijst inlezen", "enquetes"), Message: perspectief.ErrorMessage(err), Details: perspectief.ErrorDetails(err)}
	s.Render(w, r, http.StatusUnprocessableEntity, "questionnaire_upload", v)
	return nil
}

func (s *Pages) questionnaireUploadForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanManageSurveys(), "een vragenlijst inleest"); err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "questionnaire_upload", questionnairesView{Page: s.Page(r, rc, "Vragenlijst inlezen", "enquetes")})
	return nil
}

// Routes adds the pages of this feature to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	// The public survey form: no login; the key in the path is never logged.
	mux.HandleFunc("GET /enquete/bedankt", s.surveyThanks)
	mux.HandleFunc("GET /enquete/{key}", s.publicSurvey)
	mux.HandleFunc("POST /enquete/{key}", s.publicSurvey)
	mux.Handle("GET /enquetes", s.Auth(s.surveyList))
	mux.Handle("GET /enquetes/nieuw", s.Auth(s.waveForm))
	mux.Handle("POST /enquetes/nieuw", s.Auth(s.waveSave))
	mux.Handle("GET /enquetes/{code}", s.Auth(s.wavePage))
	mux.Handle("GET /enquetes/{code}/bewerken", s.Auth(s.waveForm))
	mux.Handle("POST /enquetes/{code}/bewerken", s.Auth(s.waveSave))
	mux.Handle("POST /enquetes/{code}/publiceren", s.Auth(s.waveAction(s.wavePublish, "gepubliceerd")))
	mux.Handle("POST /enquetes/{code}/sluiten", s.Auth(s.waveAction(s.waveClose, "gesloten")))
	mux.Handle("POST /enquetes/{code}/indicatoren", s.Auth(s.waveAction(s.wavePush, "naar-register")))
	mux.Handle("POST /enquetes/{code}/links", s.Auth(s.waveTokens))
	mux.Handle("POST /enquetes/{code}/import", s.AuthUpload(s.waveImport))
	mux.Handle("GET /enquetes/{code}/qr.svg", s.Auth(s.waveQR))
	mux.Handle("GET /enquetes/{code}/resultaten", s.Auth(s.waveResults))
	mux.Handle("GET /vragenlijsten/inlezen", s.Auth(s.questionnaireUploadForm))
	mux.Handle("POST /vragenlijsten/inlezen", s.AuthUpload(s.questionnaireUpload))
	mux.Handle("GET /vragenlijsten/{code}", s.Auth(s.questionnairePage))
}
