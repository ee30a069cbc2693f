"""States and kinds of the core app, as constants."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CongressLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇")


LEVEL_ORDER = [
    CongressLevel.NATIONAL,
    CongressLevel.PROVINCE,
    CongressLevel.CITY,
    CongressLevel.COUNTY,
    CongressLevel.TOWNSHIP,
]


class OrganizationKind(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", _("常务委员会")
    PRESIDIUM = "presidium", _("主席团")
    COMMITTEE = "committee", _("专门委员会/工作委员会")
    CONGRESS_OFFICE = "congress_office", _("人大办公室")
    GOVERNMENT = "government", _("人民政府")
    GOVERNMENT_DEPARTMENT = "government_department", _("政府部门")
    SUPERVISORY_COMMISSION = "supervisory_commission", _("监察委员会")
    COURT = "court", _("人民法院")
    PROCURATORATE = "procuratorate", _("人民检察院")
    TOWNSHIP = "township", _("乡镇")
    SUBDISTRICT = "subdistrict", _("街道")
    LIAISON_STATION = "liaison_station", _("代表联络站")
    OTHER = "other", _("其他")


# Organisations that can receive cases to handle (承办单位).
HANDLING_UNIT_KINDS = {
    OrganizationKind.GOVERNMENT,
    OrganizationKind.GOVERNMENT_DEPARTMENT,
    OrganizationKind.SUPERVISORY_COMMISSION,
    OrganizationKind.COURT,
    OrganizationKind.PROCURATORATE,
    OrganizationKind.TOWNSHIP,
    OrganizationKind.SUBDISTRICT,
    OrganizationKind.OTHER,
}

# Organisations that belong to the congress itself (staff and leaders sit there).
CONGRESS_BODY_KINDS = {
    OrganizationKind.STANDING_COMMITTEE,
    OrganizationKind.PRESIDIUM,
    OrganizationKind.COMMITTEE,
    OrganizationKind.CONGRESS_OFFICE,
}


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")
    STAFF = "staff", _("人大工作人员")
    LEADER = "leader", _("人大领导")
    DEPUTY = "deputy", _("人大代表")
    UNIT_CLERK = "unit_clerk", _("承办单位经办人")
    UNIT_LEADER = "unit_leader", _("承办单位负责人")
    STATION_KEEPER = "station_keeper", _("联络站管理员")
    CITIZEN = "citizen", _("注册群众")


ADMIN_ROLES = {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
CONGRESS_ROLES = {Role.STAFF, Role.LEADER}
UNIT_ROLES = {Role.UNIT_CLERK, Role.UNIT_LEADER}
