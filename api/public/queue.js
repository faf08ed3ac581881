// The work queue's filters stay folded on a phone (the table comes first); on a desk they are open.
const filters = document.querySelector('details.queue-filters');
if (filters && window.matchMedia('(min-width: 700px)').matches) filters.open = true;
