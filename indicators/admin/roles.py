"""Roles (Django groups) with a page that shows which permissions each one holds.

The roles are made by migration (Analyst, Approver, Administrator here; the board roles by the
missions app), and the permissions of each are easier to compare side by side than one group
at a time: ``roles/permissions/`` is a read-only table, roles across and permissions down,
linked from the list of groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group as Role
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path


@dataclass(frozen=True)
class PermissionRow:
    """One permission and, for each role in order, whether the role holds it."""

    section: str
    name: str
    codename: str
    held: Sequence[bool]


def role_permission_rows(roles: Sequence[Role]) -> list[PermissionRow]:
    """Every permission some role holds, by app and model, with who holds it (two queries)."""
    holders: dict[int, set[int]] = {}
    for role_id, permission_id in Role.permissions.through.objects.filter(
        group__in=roles
    ).values_list("group_id", "permission_id"):
        holders.setdefault(permission_id, set()).add(role_id)
    permissions = (
        Permission.objects.filter(pk__in=holders)
        .select_related("content_type")
        .order_by("content_type__app_label", "content_type__model", "codename")
    )
    return [
        PermissionRow(
            section=f"{p.content_type.app_label}: {p.content_type.name}",
            name=p.name,
            codename=f"{p.content_type.app_label}.{p.codename}",
            held=[role.pk in holders[p.pk] for role in roles],
        )
        for p in permissions
    ]


admin.site.unregister(Role)


@admin.register(Role)
class RoleAdmin(GroupAdmin):
    """Django's group admin, with the roles × permissions page beside its list."""

    change_list_template = "admin/indicators/roles/group_change_list.html"

    def get_urls(self) -> list[URLPattern]:
        table = path(
            "permissions/",
            self.admin_site.admin_view(self.permissions_view),
            name="auth_group_permissions",
        )
        return [table, *super().get_urls()]

    def permissions_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        roles = list(Role.objects.order_by("name"))
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "What each role may do",
            "roles": roles,
            "rows": role_permission_rows(roles),
        }
        return TemplateResponse(request, "admin/indicators/roles/permissions.html", context)
