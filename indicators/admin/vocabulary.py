"""The vocabulary a file is read against: departments, characteristics with their groups and
aliases, geographies and periods, edited as ordinary admin forms.

Group aliases are where analysts teach the importer a label once and for all.
"""

from __future__ import annotations

from django.contrib import admin

from indicators.models import Characteristic, Department, Geography, Group, GroupAlias, Period


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "slug"]
    search_fields = ["name", "abbreviation"]


class GroupInline(admin.TabularInline):
    model = Group
    fields = ["name", "slug", "rank", "parent", "is_default_reference", "display_order"]
    extra = 0


@admin.register(Characteristic)
class CharacteristicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "is_ordered", "display_order"]
    list_filter = ["kind", "is_ordered"]
    search_fields = ["name", "slug"]
    inlines = [GroupInline]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "characteristic", "rank", "parent", "is_default_reference"]
    list_filter = ["characteristic", "is_default_reference"]
    search_fields = ["name", "slug"]
    list_select_related = ["characteristic", "parent"]


@admin.register(GroupAlias)
class GroupAliasAdmin(admin.ModelAdmin):
    """Where analysts teach the importer a label once and for all."""

    list_display = ["label", "group", "characteristic"]
    list_filter = ["characteristic"]
    search_fields = ["label", "group__name"]
    list_select_related = ["group", "characteristic"]


@admin.register(Geography)
class GeographyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "type", "start", "end"]
    list_filter = ["type"]
    search_fields = ["label"]
