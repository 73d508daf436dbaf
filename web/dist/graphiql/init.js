// GraphiQL against this server's /graphql. A token the dashboard holds for this tab (in
// sessionStorage) is sent by the fetcher itself, not put into GraphiQL's header editor: GraphiQL
// keeps its editors in localStorage, and a token must never land there.
(function () {
  var headers = {};
  try {
    var token = window.sessionStorage.getItem('portfolio.token');
    if (token) headers.Authorization = 'Bearer ' + token;
  } catch (e) {
    // Storage can be refused (private modes); GraphiQL then starts without a token.
  }
  var fetcher = GraphiQL.createFetcher({ url: '/graphql', headers: headers });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      shouldPersistHeaders: false,
    }),
  );
})();
