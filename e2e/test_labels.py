"""Every input a user meets has a label (issue 20): each demo role walks its menu's pages and the
pages they link to (one of each shape) in a real browser, and every input, select and textarea
there has a visible label (wrapping it or naming it with `for`) or an aria-label."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from test_identity import log_in
from test_workbench import SKIP_LINK, demo_users, link_shape

UNLABELLED = """
return Array.from(document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]), select, textarea'
)).filter(el => {
  if ((el.getAttribute('aria-label') || '').trim() || el.getAttribute('aria-labelledby')) return false;
  const wrap = el.closest('label');
  if (wrap && wrap.textContent.trim()) return false;
  if (el.id) {
    const named = document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
    if (named && named.textContent.trim()) return false;
  }
  return true;
}).map(el => el.outerHTML.slice(0, 140));
"""


def test_every_input_on_every_menu_page_has_a_label(browser, server, artifacts):
    users = demo_users(server)
    assert len(users) >= 9, users
    problems = []
    checked = 0
    for username, (role, password) in sorted(users.items()):
        log_in(browser, server, username, password)
        WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "work-" + role)))
        hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "header nav a, .worklist a")]
        shapes = set()
        queue = list(dict.fromkeys(hrefs))
        menu = len(queue)
        for n, href in enumerate(queue):
            if any(x in href for x in SKIP_LINK) or link_shape(href) in shapes or n > menu + 30:
                continue
            shapes.add(link_shape(href))
            browser.get(href)
            if n < menu:
                queue += [a.get_attribute("href") or "" for a in browser.find_elements(By.CSS_SELECTOR, "main a[href^='/'], main a[href^='http']")]
            WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.TAG_NAME, "body")))
            checked += len(browser.find_elements(By.CSS_SELECTOR, "input, select, textarea"))
            for html in browser.execute_script(UNLABELLED):
                problems.append((username, href.split("//", 1)[-1].split("/", 1)[-1], html))
    import os
    with open(os.path.join(artifacts, "unlabelled-inputs.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(map(str, problems)))
    assert checked > 100, checked
    assert not problems, f"{len(problems)} inputs without a label:\n" + "\n".join(map(str, problems[:80]))
