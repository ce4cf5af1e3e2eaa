// The ChatAgent page: chat as any user (POST /chat/{id}, GET /chat/{id}/history) and a live view of
// GET /analytics. Plain DOM, no framework, nothing loaded from elsewhere; text only through
// textContent, never innerHTML.
(function () {
  'use strict';

  var REFRESH_MS = 3000;
  var byId = function (id) { return document.getElementById(id); };
  var form = byId('chat-form');
  var userInput = byId('user-id');
  var messageInput = byId('message');
  var sendButton = byId('send');
  var chatError = byId('chat-error');
  var paused = false;
  var timer = null;

  function apiUrl(path) {
    return new URL(path, document.baseURI).toString();
  }

  // The answer's JSON; a problem (RFC 9457) or anything else that is not 2xx becomes an Error with its detail.
  function fetchJson(path, options) {
    return fetch(apiUrl(path), options).then(function (response) {
      return response.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (ignored) { body = null; }
        if (!response.ok) {
          var detail = body && body.detail ? body.detail : (text || response.statusText);
          throw new Error(response.status + ': ' + detail);
        }
        return body;
      });
    });
  }

  function showError(element, error) {
    element.textContent = error ? String(error.message || error) : '';
    element.hidden = !error;
  }

  function userId() {
    return userInput.value.trim();
  }

  function checkUserId() {
    var id = userId();
    if (!id || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id) || id.length > 128) {
      userInput.setAttribute('aria-invalid', 'true');
      showError(chatError, new Error('Enter a user id: letters, digits, "_", "." or "-", starting with a letter or digit.'));
      userInput.focus();
      return null;
    }
    userInput.removeAttribute('aria-invalid');
    return id;
  }

  function renderHistory(id, history) {
    byId('history-user').textContent = id;
    var list = byId('history');
    list.replaceChildren();
    history.forEach(function (entry) {
      var item = document.createElement('li');
      item.className = 'entry entry-' + entry.role;
      var role = document.createElement('span');
      role.className = 'role';
      role.textContent = entry.role + ':';
      var content = document.createElement('span');
      content.className = 'content';
      content.textContent = entry.content;
      item.append(role, ' ', content);
      list.append(item);
    });
    byId('history-empty').textContent = history.length ? '' : 'No messages for this user yet.';
  }

  function loadHistory(id) {
    return fetchJson('chat/' + encodeURIComponent(id) + '/history').then(function (body) {
      renderHistory(id, body.history || []);
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    showError(chatError, null);
    var id = checkUserId();
    if (!id) {
      return;
    }
    var content = messageInput.value;
    if (!content.trim()) {
      messageInput.setAttribute('aria-invalid', 'true');
      showError(chatError, new Error('Write a message first.'));
      messageInput.focus();
      return;
    }
    messageInput.removeAttribute('aria-invalid');
    sendButton.disabled = true;
    byId('reply').textContent = 'Sending…';
    fetchJson('chat/' + encodeURIComponent(id), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newKey() },
      body: JSON.stringify({ role: 'user', content: content })
    }).then(function (body) {
      byId('reply').textContent = body.response.content;
      messageInput.value = '';
      return loadHistory(id);
    }).then(refreshAnalytics).catch(function (error) {
      byId('reply').textContent = 'No reply.';
      showError(chatError, error);
    }).finally(function () {
      sendButton.disabled = false;
      messageInput.focus();
    });
  });

  // Enter sends, Shift+Enter is a new line.
  messageInput.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  byId('load-history').addEventListener('click', function () {
    showError(chatError, null);
    var id = checkUserId();
    if (id) {
      loadHistory(id).catch(function (error) { showError(chatError, error); });
    }
  });

  // A retried send (a double click, a flaky network) is stored once: each send has its own key.
  function newKey() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return 'page-' + Date.now() + '-' + Math.random().toString(16).slice(2);
  }

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = String(text);
    row.append(td);
  }

  function renderAnalytics(overview) {
    byId('namespace').textContent = overview.namespace;
    byId('total-users').textContent = overview.total_users;
    byId('total-messages').textContent = overview.total_messages;
    byId('host').textContent = overview.host;
    Array.prototype.forEach.call(document.querySelectorAll('.host-name'), function (element) {
      element.textContent = overview.host;
    });
    var actors = Object.keys(overview.active_actors || {}).map(function (type) {
      return type + ': ' + overview.active_actors[type];
    });
    byId('active-actors').textContent = actors.length ? actors.join(', ') : '0';

    var hostActors = overview.host_active_actors_by_partition || {};
    var rows = byId('partitions').tBodies[0];
    rows.replaceChildren();
    (overview.partitions || []).forEach(function (partition) {
      var row = document.createElement('tr');
      var th = document.createElement('th');
      th.scope = 'row';
      th.textContent = partition.partition;
      row.append(th);
      cell(row, partition.users);
      cell(row, partition.messages);
      cell(row, hostActors[String(partition.partition)] || 0);
      rows.append(row);
    });

    var deliveries = byId('deliveries').tBodies[0];
    deliveries.replaceChildren();
    var answers = overview.delivery_answers || {};
    Object.keys(answers).forEach(function (key) {
      var row = document.createElement('tr');
      cell(row, key);
      cell(row, answers[key]);
      deliveries.append(row);
    });
    var updated = byId('updated');
    var now = new Date();
    updated.dateTime = now.toISOString();
    updated.textContent = now.toLocaleTimeString();
  }

  function refreshAnalytics() {
    return fetchJson('analytics').then(function (overview) {
      showError(byId('analytics-error'), null);
      renderAnalytics(overview);
    }).catch(function (error) {
      showError(byId('analytics-error'), new Error('Analytics unavailable (' + error.message + '); retrying.'));
    });
  }

  function schedule() {
    clearTimeout(timer);
    if (!paused) {
      timer = setTimeout(function () { refreshAnalytics().finally(schedule); }, REFRESH_MS);
    }
  }

  byId('pause').addEventListener('click', function (event) {
    paused = !paused;
    event.target.setAttribute('aria-pressed', String(paused));
    event.target.textContent = paused ? 'Resume updates' : 'Pause updates';
    if (!paused) {
      refreshAnalytics().finally(schedule);
    } else {
      clearTimeout(timer);
    }
  });

  byId('refresh-seconds').textContent = String(REFRESH_MS / 1000);
  refreshAnalytics().finally(schedule);
}());
