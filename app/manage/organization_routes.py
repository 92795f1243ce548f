"""Organizations of an event: list, add, change, delete; their logos; who convenes, partners and
sponsors the event and each session."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import selectinload

from app import labels
from app.extensions import db
from app.form_tokens import guard
from app.logos import CheckedLogo, LogoRefused, read_upload
from app.manage.blueprint import bp, current_event
from app.manage.organization_forms import OrganizationForm, OrganizationRolesForm
from app.manage.services import LOST_RACE, changed_fields, is_stale, stored_now, text
from app.manage.views import commit_or_conflict, confirm_then, conflict_message, in_event
from app.models import Event, Organization, OrganizationRole, OrganizationRoleKind, OrganizationType, Person, Session
from app.storage import FileChanges, get_storage


@bp.record_once
def _labels(state) -> None:
    """The labels of organizations' types and roles, for the organizer's and the public pages."""
    state.app.jinja_env.globals.update(
        ORGANIZATION_TYPE_LABELS=labels.InLanguage(labels.ORGANIZATION_TYPE_LABELS),
        ORGANIZATION_ROLE_LABELS=labels.InLanguage(labels.ORGANIZATION_ROLE_LABELS),
    )


def organization_values(organization: Organization) -> dict[str, object]:
    """An organization's stored values under its form's field names, for the "someone changed it" notice."""
    return {"name": organization.name, "acronym": organization.acronym, "type": organization.type.value,
            "website": organization.website or ""}


def _organization_page(organization: Organization | None) -> str:
    assert organization is not None  # called with what was saved
    return url_for("manage.edit_organization", organization_id=organization.id)


@bp.route("/<slug>/organizations")
def organizations():
    """The event's organizations with their type, how many people belong to each and what they hold."""
    event = current_event()
    found = db.session.scalars(
        sa.select(Organization).where(Organization.event_id == event.id)
        .options(selectinload(Organization.people), selectinload(Organization.roles))
        .order_by(Organization.name, Organization.id)
    ).all()
    return render_template("manage/organizations.html", event=event, organizations=found)


def _name_taken(event: Event, name: str, organization: Organization | None) -> bool:
    query = sa.select(Organization.id).where(Organization.event_id == event.id, Organization.name == name)
    if organization is not None:
        query = query.where(Organization.id != organization.id)
    return db.session.scalar(query) is not None


def save_organization(event: Event, organization: Organization | None, form: OrganizationForm) -> Organization | None:
    """Fill an organization from the form; None (message beside the name) when the event has one of that name."""
    name = text(form.name.data)
    if _name_taken(event, name, organization):
        form.name.errors.append(_("An organization of this name is in this event already."))
        return None
    if organization is None:
        organization = Organization(event=event)
        db.session.add(organization)
    organization.name = name
    organization.acronym = text(form.acronym.data)
    organization.type = OrganizationType(form.type.data)
    organization.website = form.website.data or None
    db.session.flush()
    return organization


def _set_logo(organization: Organization, logo: CheckedLogo | None, remove: bool, changes: FileChanges) -> None:
    """A new logo replaces the old one (whose file goes once nothing shows it), or the logo is removed."""
    if logo is None and not remove:
        return
    if organization.logo_key:
        changes.delete_after_commit(organization.logo_key)
    if logo is None:
        organization.logo_key = organization.logo_format = organization.logo_sha256 = None
        organization.logo_width = organization.logo_height = None
        return
    organization.logo_key = changes.save(logo.data, logo.format.value)
    organization.logo_format, organization.logo_sha256 = logo.format, logo.sha256
    organization.logo_width, organization.logo_height = logo.width, logo.height


def _uploaded_logo(form: OrganizationForm) -> CheckedLogo | None:
    upload = form.logo.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    try:
        return read_upload(upload.stream)
    except LogoRefused as refused:
        form.logo.errors = [*form.logo.errors, str(refused)]
        return None


@bp.route("/<slug>/organizations/new", methods=["GET", "POST"])
@bp.route("/<slug>/organizations/<int:organization_id>", methods=["GET", "POST"])
def edit_organization(organization_id: int | None = None):
    """Add an organization or change one, with its logo; a save based on an older version is refused."""
    event = current_event()
    organization = in_event(Organization, organization_id) if organization_id is not None else None
    back = url_for("manage.organizations")
    form = OrganizationForm(obj=organization)
    if organization is not None and not form.is_submitted():
        form.version.data = str(organization.version)
        form.type.data = organization.type.value
        form.website.data = organization.website or ""
    stale: list | None = []
    if form.validate_on_submit():
        logo = _uploaded_logo(form)
        if form.logo.errors:
            pass  # the message is beside the field; nothing saved
        elif organization is not None and is_stale(organization, form):
            stale = changed_fields(form, organization_values(organization)) or [(_("Version"), organization.version)]
        else:
            changes = FileChanges(get_storage())
            save = ((lambda: save_organization(event, organization, form)) if organization is not None
                    else guard(form, lambda: save_organization(event, None, form), _organization_page))
            try:
                saved = save()
                if saved is not None:
                    _set_logo(saved, logo, form.remove_logo.data, changes)
                    changes.commit(db.session)
                    flash(_("%(name)s was saved.", name=saved.name), "success")
                    return redirect(back)
                db.session.rollback()
            except LOST_RACE:
                db.session.rollback()
                changes.discard()
                if organization is None:
                    if save_organization(event, None, form) is not None:  # not the name: something else
                        db.session.rollback()
                        flash(conflict_message(), "error")
                        return redirect(back)
                    db.session.rollback()
                else:
                    stale = stored_now(organization, organization_values, form)
                    if stale is None:
                        flash(conflict_message(), "error")
                        return redirect(back)
    return render_template("manage/organization_form.html", event=event, organization=organization, form=form,
                           stale=stale, back=back)


@bp.route("/<slug>/organizations/<int:organization_id>/logo")
def organization_logo(organization_id: int):
    """The working copy's logo, for the organizers' pages."""
    organization = in_event(Organization, organization_id)
    storage = get_storage()
    if not organization.logo_key or not organization.logo_mimetype or not storage.exists(organization.logo_key):
        abort(404)
    return send_file(storage.path(organization.logo_key), mimetype=organization.logo_mimetype, max_age=0)


@bp.route("/<slug>/organizations/<int:organization_id>/delete", methods=["GET", "POST"])
def delete_organization(organization_id: int):
    """Delete an organization after confirmation: its people keep their free-text organization, its
    roles go with it."""
    organization = in_event(Organization, organization_id)
    back = url_for("manage.organizations")
    people = db.session.scalar(sa.select(sa.func.count(Person.id)).where(Person.organization_id == organization.id))
    roles = len(organization.roles)

    def delete():
        changes = FileChanges(get_storage())
        if organization.logo_key:
            changes.delete_after_commit(organization.logo_key)
        db.session.delete(organization)
        try:
            changes.commit(db.session)
        except LOST_RACE:
            flash(conflict_message(), "error")
        else:
            flash(_("The organization was deleted."), "success")
        return redirect(back)

    message = " ".join((
        _("“%(name)s” will be deleted with its translations and logo.", name=organization.name),
        ngettext("%(num)d person belongs to it: they stay in the event, without this organization.",
                 "%(num)d people belong to it: they stay in the event, without this organization.", people),
        ngettext("It is named in %(num)d place as convenor, co-convenor, partner or sponsor; that is removed.",
                 "It is named in %(num)d places as convenor, co-convenor, partner or sponsor; those are removed.",
                 roles),
    ))
    return confirm_then(delete, title=_("Delete this organization?"), message=message,
                        button=_("Delete the organization"), cancel=back)


def replace_roles(event: Event, session: Session | None, form: OrganizationRolesForm) -> None:
    """The roles of the event (no session) or of one session as the form names them: kept ones keep
    their order, new ones follow in the order of the list."""
    session_id = session.id if session is not None else None
    current = [r for r in event.organization_roles if r.session_id == session_id]
    by_id = {o.id: o for o in event.organizations}
    for kind in OrganizationRoleKind:
        wanted = [i for i in form.chosen(kind) if i in by_id]
        held = sorted((r for r in current if r.role == kind), key=lambda r: (r.position, r.id))
        for role in held:
            if role.organization_id not in wanted:
                event.organization_roles.remove(role)
        kept = [r for r in held if r.organization_id in wanted]
        have = {r.organization_id for r in kept}
        for organization_id in wanted:
            if organization_id not in have:
                role = OrganizationRole(organization=by_id[organization_id], session_id=session_id, role=kind)
                event.organization_roles.append(role)
                kept.append(role)
        for position, role in enumerate(kept):
            role.position = position


@bp.route("/<slug>/organizations/roles", methods=["GET", "POST"])
@bp.route("/<slug>/sessions/<int:session_id>/organizations", methods=["GET", "POST"])
def organization_roles(session_id: int | None = None):
    """Which organizations convene, co-convene, partner or sponsor the event, or one session."""
    event = current_event()
    session = in_event(Session, session_id) if session_id is not None else None
    back = (url_for("manage.session", session_id=session.id) if session is not None
            else url_for("manage.event"))
    form = OrganizationRolesForm(event.organizations)
    if not form.is_submitted():
        own = session.id if session is not None else None
        for kind in OrganizationRoleKind:
            form[kind.value].data = [str(r.organization_id) for r in sorted(
                event.organization_roles, key=lambda r: (r.position, r.id)) if r.session_id == own and r.role == kind]
    if form.validate_on_submit():
        replace_roles(event, session, form)
        if commit_or_conflict():
            flash(_("The organizations were saved."), "success")
            return redirect(back)
        flash(conflict_message(), "error")
        return redirect(url_for("manage.organization_roles", session_id=session_id))
    return render_template("manage/organization_form.html", event=event, roles_form=form, session=session,
                           back=back)
