"""The translator's area. Every route needs a signed-in user; event routes check the language."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.permissions import can_translate, event_or_404
from app.content.progress import load_event_for_translation
from app.i18n import language_name, use_timezone
from app.languages import text_direction
from app.translate.forms import FieldForm, ImportForm
from app.translate.po import MAX_PO_BYTES, PoFileError, export_po, import_po, read_po
from app.translate.requests import ask_for_language, could_translate, other_events, requested_by, unoffered_for
from app.translate.services import FILTERS, STATE_LABELS, FormState, SaveRefused, dashboard, editor, save_field

bp = Blueprint("translate", __name__)


@bp.before_request
@login_required
def require_login():
    return None


def _event(slug: str, lang: str):
    """The event with all its translatable text, for someone allowed to translate it into `lang`.

    Someone who would translate it but whose language the event does not offer gets a page that
    says so (403) and lets them ask the organizers for it."""
    event = event_or_404(slug)
    if not can_translate(current_user, event, lang):
        if lang not in event.offered_languages and could_translate(current_user, event, lang):
            requested = (event.id, lang) in requested_by(current_user)
            abort(make_response(render_template("translate/unoffered.html", event=event, target_lang=lang,
                                                requested=requested), 403))
        abort(403)
    return load_event_for_translation(event.id)


@bp.route("/")
def index():
    """The events this user may translate, with per-language progress."""
    rows = dashboard(current_user)
    listed = [row.event for row in rows]
    others = other_events(current_user, {event.id for event in listed})
    unoffered = unoffered_for(current_user, listed + others, requested_by(current_user))
    return render_template("translate/index.html", rows=rows, unoffered=unoffered)


@bp.route("/<slug>/<lang:lang>/request", methods=["POST"])
def request_language(slug: str, lang: str):
    """Ask the event's organizers to offer a language the user would translate the event into."""
    event = event_or_404(slug)
    if not could_translate(current_user, event, lang):
        abort(403)
    if lang in event.offered_languages:
        flash(_("This event offers %(language)s already: you can translate it now.", language=language_name(lang)),
              "success")
        return redirect(url_for("translate.edit", slug=event.slug, lang=lang))
    ask_for_language(event, lang, current_user)
    flash(_("Your request was sent: the event's organizers will see that you would translate it into "
            "%(language)s.", language=language_name(lang)), "success")
    return redirect(url_for("translate.index", _anchor=f"ask-{event.id}"))


@bp.route("/<slug>/<lang:lang>/", methods=["GET", "POST"])
def edit(slug: str, lang: str):
    """Translate an event field by field; a POST saves one field and comes back to it."""
    event = _event(slug, lang)
    use_timezone(event.timezone)
    show = request.values.get("show", "all")
    if show not in FILTERS:
        show = "all"
    forms: dict[str, FormState] = {}
    status = 200
    if request.method == "POST":
        form = FieldForm()
        if not form.validate():
            if set(form.errors) - {"text", "status"}:
                abort(400)
            forms[form.context.data] = FormState(form.text.data or "", form.status.data or "draft",
                                                 " ".join(e for errs in form.errors.values() for e in errs))
            status = 422
        else:
            try:
                outcome = save_field(event, lang, form.context.data, form.text.data or "", form.status.data,
                                     form.version.data, form.fingerprint.data, current_user)
            except LookupError:
                abort(404)
            except SaveRefused as refused:
                forms[form.context.data] = FormState(form.text.data or "", form.status.data, str(refused))
                status = 409
                event = load_event_for_translation(event.id)
            else:
                flash({"saved": _("Translation saved."), "removed": _("Translation removed."),
                       "unchanged": _("Nothing to save.")}[outcome], "success")
                anchor = "f-" + form.context.data.replace(":", "-")
                return redirect(url_for("translate.edit", slug=slug, lang=lang, show=show, _anchor=anchor))
    page = editor(event, lang, show, forms)
    return render_template("translate/editor.html", page=page, event=event, target_dir=text_direction(lang),
                           filters=FILTERS, state_labels=STATE_LABELS), status


@bp.route("/<slug>/<lang:lang>.po")
def export(slug: str, lang: str):
    """Download the event's content in one language as a PO file."""
    event = _event(slug, lang)
    response = Response(export_po(event, lang, current_user), mimetype="text/x-gettext-translation")
    response.headers["Content-Disposition"] = f'attachment; filename="{event.slug}-{lang}.po"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<slug>/<lang:lang>/import", methods=["GET", "POST"])
def import_file(slug: str, lang: str):
    """Upload a translated PO file; the report says what was taken and what was not."""
    event = _event(slug, lang)
    form = ImportForm()
    if form.validate_on_submit():
        try:
            po = read_po(form.file.data.read(MAX_PO_BYTES + 1))
            report = import_po(event, lang, po, current_user, as_reviewed=form.as_reviewed.data)
        except PoFileError as error:
            return render_template("translate/report.html", event=event, target_lang=lang, error=str(error)), 400
        return render_template("translate/report.html", event=event, target_lang=lang, report=report)
    return (render_template("translate/import.html", event=event, target_lang=lang, form=form),
            400 if form.errors else 200)
