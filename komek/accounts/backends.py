"""Signing in with a username and password, as Django's own backend does; a signed-in
user is read with their office, which nearly every page asks for (the records in scope,
forms' offices, the menus), in the query that reads the user."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class StaffBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("office")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
